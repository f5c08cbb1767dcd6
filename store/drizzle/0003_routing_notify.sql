-- Routing catalogue changes are announced on channel "lotse_routing" so that every API process
-- patches its in-memory routing index: "agency:<uuid>" for an agency, its topics or its postcode
-- ranges, "topic:<id>" for a topic's settings. PostgreSQL delivers a notification only on commit
-- and folds identical payloads within one transaction, so a bulk import sends one per agency.
CREATE OR REPLACE FUNCTION lotse_routing_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
  IF TG_TABLE_NAME = 'topics' THEN
    PERFORM pg_notify('lotse_routing', 'topic:' || r.id);
  ELSIF TG_TABLE_NAME = 'agencies' THEN
    PERFORM pg_notify('lotse_routing', 'agency:' || r.id::text);
  ELSE
    PERFORM pg_notify('lotse_routing', 'agency:' || r.agency_id::text);
    IF TG_OP = 'UPDATE' AND OLD.agency_id IS DISTINCT FROM NEW.agency_id THEN
      PERFORM pg_notify('lotse_routing', 'agency:' || OLD.agency_id::text);
    END IF;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER topics_routing_notify AFTER INSERT OR UPDATE OR DELETE ON topics
  FOR EACH ROW EXECUTE FUNCTION lotse_routing_notify();
--> statement-breakpoint
CREATE TRIGGER agencies_routing_notify AFTER INSERT OR UPDATE OR DELETE ON agencies
  FOR EACH ROW EXECUTE FUNCTION lotse_routing_notify();
--> statement-breakpoint
CREATE TRIGGER agency_topics_routing_notify AFTER INSERT OR UPDATE OR DELETE ON agency_topics
  FOR EACH ROW EXECUTE FUNCTION lotse_routing_notify();
--> statement-breakpoint
CREATE TRIGGER agency_postcode_ranges_routing_notify AFTER INSERT OR UPDATE OR DELETE ON agency_postcode_ranges
  FOR EACH ROW EXECUTE FUNCTION lotse_routing_notify();
