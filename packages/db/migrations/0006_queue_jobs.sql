CREATE TABLE `queue_jobs` (
	`message_id` text PRIMARY KEY NOT NULL,
	`channel` text NOT NULL,
	`deliveries` integer DEFAULT 0 NOT NULL,
	`visible_at` integer,
	`lease_token` text,
	`last_error` text,
	`dead_at` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `queue_jobs_visible_at_idx` ON `queue_jobs` (`visible_at`);