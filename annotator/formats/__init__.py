"""Reading documents in (txt, html, jsonl, csv) and, later, datasets out. No Qt, no SQL."""
