"""Follow-up of the plan kept by the secretariat: statuses, figures, revisions, meetings and dataset versions in a
database (SQLite by default, PostgreSQL by DATABASE_URL), behind local accounts.

Layout: `db` (engine, sessions, migrations), `models` (tables), `service` (the reporting API), `accounts`
(users, passwords, lockout, sessions), `cli` (the command line). Reading is open; every write names a user.
"""
