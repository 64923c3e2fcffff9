"""Overrides the pyinstaller-hooks-contrib hook for thinc: the same collection minus thinc's
tests (and their mypy fixtures)."""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules, copy_metadata

datas = collect_data_files("thinc", excludes=["**/tests/**", "**/*.pyx", "**/*.pxd", "**/*.pxi",
                                              "**/*.cpp", "**/*.c", "**/*.h", "**/*.pyi"])
datas += copy_metadata("thinc")
hiddenimports = collect_submodules("thinc", filter=lambda name: ".tests" not in name)
