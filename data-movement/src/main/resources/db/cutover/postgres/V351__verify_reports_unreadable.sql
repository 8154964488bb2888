-- Rows one side holds but cannot read (VerifyReport.unreadable), as a column beside the other counts.
ALTER TABLE cutover.verify_reports ADD COLUMN unreadable bigint NOT NULL DEFAULT 0;
COMMENT ON COLUMN cutover.verify_reports.unreadable IS 'Rows one side holds but cannot read (bad JSON text, NaN), listed in report';
