"""Database triggers behind the services' checks: the ledger is append-only, a year's
allocations never exceed its cap, a project's disbursements never exceed its allocation, an
advance payment is never reimbursed beyond what was advanced.

The services check the same rules first (with the fund row locked) and give the clear message;
these triggers make any other path that writes to the tables fail instead of corrupting them.
SQLite sums decimals in floating point, hence its half-cent tolerance. SQLite's triggers do not
refuse DELETE: Django's test flush empties tables with DELETE there (PostgreSQL uses TRUNCATE,
which row triggers do not see); the foreign keys (PROTECT) still keep entries from disappearing.
"""

from django.db import migrations

PG_FORWARD = r"""
CREATE OR REPLACE FUNCTION funds_ledger_immutable() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'funds_ledgerentry is append-only: record a reversing entry instead';
END; $$ LANGUAGE plpgsql;
CREATE TRIGGER funds_ledger_no_update BEFORE UPDATE OR DELETE ON funds_ledgerentry
  FOR EACH ROW EXECUTE FUNCTION funds_ledger_immutable();

CREATE OR REPLACE FUNCTION funds_ledger_check() RETURNS trigger AS $$
DECLARE
  fund_cap numeric; total numeric; project_committed numeric; project_disbursed numeric;
  advanced numeric; reimbursed numeric;
BEGIN
  SELECT cap INTO fund_cap FROM funds_fund WHERE id = NEW.fund_id;
  SELECT COALESCE(SUM(committed_delta), 0) INTO total FROM funds_ledgerentry WHERE fund_id = NEW.fund_id;
  IF total > fund_cap THEN
    RAISE EXCEPTION 'fund % over its cap: committed % > cap %', NEW.fund_id, total, fund_cap;
  END IF;
  SELECT COALESCE(SUM(committed_delta), 0), COALESCE(SUM(disbursed_delta), 0)
    INTO project_committed, project_disbursed
    FROM funds_ledgerentry WHERE fund_id = NEW.fund_id AND project_id = NEW.project_id;
  IF project_committed < 0 OR project_disbursed < 0 OR project_disbursed > project_committed THEN
    RAISE EXCEPTION 'project % in fund %: disbursed % exceeds committed %',
      NEW.project_id, NEW.fund_id, project_disbursed, project_committed;
  END IF;
  IF NEW.advance_id IS NOT NULL THEN
    SELECT COALESCE(SUM(advanced_delta), 0) INTO advanced FROM funds_ledgerentry
      WHERE id = NEW.advance_id OR reverses_id = NEW.advance_id;
    SELECT COALESCE(SUM(reimbursed_delta), 0) INTO reimbursed FROM funds_ledgerentry
      WHERE advance_id = NEW.advance_id;
    IF reimbursed > advanced OR reimbursed < 0 THEN
      RAISE EXCEPTION 'advance % reimbursed % beyond advanced %', NEW.advance_id, reimbursed, advanced;
    END IF;
  END IF;
  RETURN NULL;
END; $$ LANGUAGE plpgsql;
CREATE TRIGGER funds_ledger_invariants AFTER INSERT ON funds_ledgerentry
  FOR EACH ROW EXECUTE FUNCTION funds_ledger_check();

CREATE OR REPLACE FUNCTION funds_cap_check() RETURNS trigger AS $$
DECLARE total numeric;
BEGIN
  SELECT COALESCE(SUM(committed_delta), 0) INTO total FROM funds_ledgerentry WHERE fund_id = NEW.id;
  IF NEW.cap < total THEN
    RAISE EXCEPTION 'fund % cap % below committed %', NEW.id, NEW.cap, total;
  END IF;
  RETURN NEW;
END; $$ LANGUAGE plpgsql;
CREATE TRIGGER funds_cap_not_below_committed BEFORE UPDATE OF cap ON funds_fund
  FOR EACH ROW EXECUTE FUNCTION funds_cap_check();
"""

PG_BACKWARD = r"""
DROP TRIGGER IF EXISTS funds_cap_not_below_committed ON funds_fund;
DROP FUNCTION IF EXISTS funds_cap_check();
DROP TRIGGER IF EXISTS funds_ledger_invariants ON funds_ledgerentry;
DROP FUNCTION IF EXISTS funds_ledger_check();
DROP TRIGGER IF EXISTS funds_ledger_no_update ON funds_ledgerentry;
DROP FUNCTION IF EXISTS funds_ledger_immutable();
"""

SQLITE_FORWARD = [
    """CREATE TRIGGER funds_ledger_no_update BEFORE UPDATE ON funds_ledgerentry
    BEGIN SELECT RAISE(ABORT, 'funds_ledgerentry is append-only: record a reversing entry instead'); END;""",
    """CREATE TRIGGER funds_ledger_cap AFTER INSERT ON funds_ledgerentry
    WHEN (SELECT COALESCE(SUM(committed_delta), 0) FROM funds_ledgerentry WHERE fund_id = NEW.fund_id)
         > (SELECT cap FROM funds_fund WHERE id = NEW.fund_id) + 0.005
    BEGIN SELECT RAISE(ABORT, 'fund over its cap'); END;""",
    """CREATE TRIGGER funds_ledger_project AFTER INSERT ON funds_ledgerentry
    WHEN (SELECT COALESCE(SUM(disbursed_delta), 0) - COALESCE(SUM(committed_delta), 0) FROM funds_ledgerentry
          WHERE fund_id = NEW.fund_id AND project_id = NEW.project_id) > 0.005
      OR (SELECT COALESCE(SUM(committed_delta), 0) FROM funds_ledgerentry
          WHERE fund_id = NEW.fund_id AND project_id = NEW.project_id) < -0.005
      OR (SELECT COALESCE(SUM(disbursed_delta), 0) FROM funds_ledgerentry
          WHERE fund_id = NEW.fund_id AND project_id = NEW.project_id) < -0.005
    BEGIN SELECT RAISE(ABORT, 'project disbursed beyond its allocation'); END;""",
    """CREATE TRIGGER funds_ledger_advance AFTER INSERT ON funds_ledgerentry
    WHEN NEW.advance_id IS NOT NULL AND (
      (SELECT COALESCE(SUM(reimbursed_delta), 0) FROM funds_ledgerentry WHERE advance_id = NEW.advance_id)
      > (SELECT COALESCE(SUM(advanced_delta), 0) FROM funds_ledgerentry
         WHERE id = NEW.advance_id OR reverses_id = NEW.advance_id) + 0.005)
    BEGIN SELECT RAISE(ABORT, 'advance payment reimbursed beyond what was advanced'); END;""",
    """CREATE TRIGGER funds_cap_not_below_committed BEFORE UPDATE OF cap ON funds_fund
    WHEN NEW.cap + 0.005 < (SELECT COALESCE(SUM(committed_delta), 0) FROM funds_ledgerentry
                            WHERE fund_id = NEW.id)
    BEGIN SELECT RAISE(ABORT, 'fund cap below committed'); END;""",
]
SQLITE_BACKWARD = ["DROP TRIGGER IF EXISTS " + name for name in (
    "funds_ledger_no_update", "funds_ledger_cap", "funds_ledger_project", "funds_ledger_advance",
    "funds_cap_not_below_committed")]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("funds", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
