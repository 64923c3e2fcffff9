"""Words of judging: the verbs news prose uses to report a position for or against an actor or
a policy, in every inflection, and the words a speaker condemns or praises with.

A STANCE is often told by its verb alone, with no reporting verb and no quotation ("Two
lawmakers assailed the administration's decision", "Cruz lashed out at Trump, accusing him
of ...", "Trump's allies cheered the termination"). The statement model learns its words from
a few thousand labelled sentences, in which most of these verbs occur once or never, and
some of those it does know only in one form ("criticised", not "criticizing"). Grouped into
the approval and disapproval word families of `statement_features` (as English grammars list
the verbs of judgment: praise, blame, criticise, accuse, commend, condemn, ...), one learnt
weight carries to every member and every form. The model also reads each of these words
that the cue lexicon did not match as a STANCE cue (`judgment_spans`): what it learnt of
"condemned" and "praised", cues it has seen hundreds of times, then carries to "assailed".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def _forms(lines: str) -> frozenset[str]:
    """Every form written as "base/form/form ..." (whitespace separated)."""
    return frozenset(form for entry in lines.split() for form in entry.split("/"))


DISAPPROVAL = _forms("""
    assail/assails/assailed/assailing blast/blasts/blasted/blasting slam/slams/slammed/slamming
    rip/rips/ripped/ripping trash/trashes/trashed/trashing
    lambaste/lambastes/lambasted/lambasting rebuke/rebukes/rebuked/rebuking
    chide/chides/chided/chiding scold/scolds/scolded/scolding berate/berates/berated/berating
    decry/decries/decried/decrying deride/derides/derided/deriding mock/mocks/mocked/mocking
    ridicule/ridicules/ridiculed/ridiculing scoff/scoffs/scoffed/scoffing
    denounce/denounces/denounced/denouncing castigate/castigates/castigated/castigating
    condemn/condemns/condemned/condemning criticise/criticises/criticised/criticising
    criticize/criticizes/criticized/criticizing accuse/accuses/accused/accusing
    blame/blames/blamed/blaming fault/faults/faulted/faulting attack/attacks/attacked/attacking
    disparage/disparages/disparaged/disparaging denigrate/denigrates/denigrated/denigrating
    dismiss/dismisses/dismissed/dismissing reject/rejects/rejected/rejecting
    oppose/opposes/opposed/opposing deny/denies/denied/denying
    dispute/disputes/disputed/disputing challenge/challenges/challenged/challenging
    protest/protests/protested/protesting object/objects/objected/objecting lashed lashing
    bash/bashes/bashed/bashing knock/knocked/knocking pan/panned/panning fume/fumed/fuming
    criticism critics critic outrage outraged outrageous disgrace disgraceful shameful shame
    hoax garbage nonsense ridiculous absurd lie lies lying liar false fake wrong unacceptable
    dangerous reckless irresponsible disastrous distortion smear witch
""")

APPROVAL = _forms("""
    praise/praises/praised/praising laud/lauds/lauded/lauding hail/hails/hailed/hailing
    commend/commends/commended/commending applaud/applauds/applauded/applauding
    credit/credits/credited/crediting thank/thanks/thanked/thanking
    cheer/cheers/cheered/cheering welcome/welcomes/welcomed/welcoming
    congratulate/congratulates/congratulated/congratulating endorse/endorses/endorsed/endorsing
    back/backs/backed/backing support/supports/supported/supporting
    defend/defends/defended/defending champion/champions/championed/championing
    celebrate/celebrates/celebrated/celebrating admire/admires/admired/admiring
    advocate/advocates/advocated/advocating favor/favors/favored/favoring
    favour/favours/favoured/favouring approve/approves/approved/approving
    embrace/embraces/embraced/embracing
""")

JUDGING = APPROVAL | DISAPPROVAL
JUDGMENT_CUE = "judgment"  # the cue id the model reads for them


def judgment_spans(tokens: Iterable[tuple[int, str]], cues: Sequence[tuple[int, int, str, object]]
                   ) -> list[tuple[int, int]]:
    """(start, end) of each word of judging among the sentence's (offset, lower-cased word)
    tokens that no cue of the lexicon covers."""
    taken = [(cue[0], cue[1]) for cue in cues]
    return [(at, at + len(word)) for at, word in tokens
            if word in JUDGING and not any(start <= at < end for start, end in taken)]
