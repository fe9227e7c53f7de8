"""PostgreSQL: append events and their usage rollups in one statement (one network round trip).

Revision ID: 0004
Revises: 0003

Why: an append used to be BEGIN, the advisory chain lock, a head read, the insert, up to three
rollup upserts and COMMIT: eight round trips on the answer path of every request. The function
does all of it server-side in the statement's own transaction. The hashes are still computed by
the gateway (the chain's canonical JSON is defined in Python), against the head it expects: if
another process appended meanwhile, nothing is written and the current head comes back, and the
caller chains again (audit/store.py, PgFunctionAppender). SECURITY INVOKER (the default): the
caller needs the same table rights as for plain inserts, see docs/audit.md. SQLite needs none of
this (no round trips) and keeps the plain transaction.
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Frozen with this revision; 1635083380 = 0x61756474 = audit.store.CHAIN_LOCK_ID, the genesis
# hash = audit.chain.GENESIS.
APPEND_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_append(expected_seq bigint, expected_hash text, new_events jsonb,
                                        monthly jsonb, daily jsonb, entities jsonb)
RETURNS TABLE (appended boolean, head_seq bigint, head_hash text)
LANGUAGE plpgsql AS $fn$
DECLARE
    current_seq bigint;
    current_hash text;
BEGIN
    PERFORM pg_advisory_xact_lock(1635083380);
    SELECT e.seq, e.hash INTO current_seq, current_hash FROM audit_events e ORDER BY e.seq DESC LIMIT 1;
    IF NOT FOUND THEN
        current_seq := 0;
        current_hash := repeat('0', 64);
    END IF;
    IF current_seq <> expected_seq OR current_hash <> expected_hash THEN
        RETURN QUERY SELECT false, current_seq, current_hash;
        RETURN;
    END IF;
    INSERT INTO audit_events SELECT * FROM jsonb_populate_recordset(NULL::audit_events, new_events);
    INSERT INTO audit_usage_monthly
        SELECT * FROM jsonb_populate_recordset(NULL::audit_usage_monthly, monthly)
        ON CONFLICT (month, department, model, event_type, error_class, "user") DO UPDATE SET
            requests = audit_usage_monthly.requests + excluded.requests,
            prompt_tokens = audit_usage_monthly.prompt_tokens + excluded.prompt_tokens,
            completion_tokens = audit_usage_monthly.completion_tokens + excluded.completion_tokens,
            cost_eur = audit_usage_monthly.cost_eur + excluded.cost_eur,
            latency_sum = audit_usage_monthly.latency_sum + excluded.latency_sum,
            latency_count = audit_usage_monthly.latency_count + excluded.latency_count,
            entity_events = audit_usage_monthly.entity_events + excluded.entity_events;
    INSERT INTO audit_usage_daily
        SELECT * FROM jsonb_populate_recordset(NULL::audit_usage_daily, daily)
        ON CONFLICT (day, "user") DO UPDATE SET
            requests = audit_usage_daily.requests + excluded.requests,
            tokens = audit_usage_daily.tokens + excluded.tokens,
            cost_eur = audit_usage_daily.cost_eur + excluded.cost_eur,
            entity_events = audit_usage_daily.entity_events + excluded.entity_events;
    INSERT INTO audit_entities_daily
        SELECT * FROM jsonb_populate_recordset(NULL::audit_entities_daily, entities)
        ON CONFLICT (day, department, entity_type) DO UPDATE SET
            count = audit_entities_daily.count + excluded.count;
    RETURN QUERY SELECT true, (new_events -> -1 ->> 'seq')::bigint, new_events -> -1 ->> 'hash';
END
$fn$
"""


def upgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(APPEND_FUNCTION)

