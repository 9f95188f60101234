ALTER TABLE "conversations" ADD COLUMN "access_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE FUNCTION conversations_bump_access_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.sector_id IS DISTINCT FROM OLD.sector_id OR NEW.responsavel_id IS DISTINCT FROM OLD.responsavel_id THEN
    NEW.access_version := OLD.access_version + 1;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER conversations_access_version BEFORE UPDATE OF sector_id, responsavel_id ON conversations
  FOR EACH ROW EXECUTE FUNCTION conversations_bump_access_version();
