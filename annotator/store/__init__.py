"""SQLite storage: one file = one project. Only this package writes SQL."""
