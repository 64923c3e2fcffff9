"""Overrides the pyinstaller-hooks-contrib hook for spaCy: the same collection (every submodule
and data file: language data, registered functions, the Cython .so files) minus spacy.tests."""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules, copy_metadata

datas = collect_data_files("spacy", excludes=["**/tests/**", "**/*.pyx", "**/*.pxd", "**/*.pxi",
                                              "**/*.cpp", "**/*.c", "**/*.h", "**/*.pyi"])
datas += copy_metadata("spacy")
hiddenimports = collect_submodules("spacy", filter=lambda name: not name.startswith("spacy.tests"))
