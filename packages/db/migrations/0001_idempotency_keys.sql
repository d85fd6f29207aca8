CREATE TABLE `idempotency_keys` (
	`sandbox_id` text NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`execution_id` text NOT NULL,
	`state` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	PRIMARY KEY(`sandbox_id`, `key`)
);
--> statement-breakpoint
DROP INDEX `executions_sandbox_id_request_id_idx`;--> statement-breakpoint
CREATE INDEX `executions_sandbox_id_request_id_idx` ON `executions` (`sandbox_id`,`request_id`);