CREATE TABLE `push_targets` (
	`sandbox_id` text NOT NULL,
	`key` text NOT NULL,
	`kind` text NOT NULL,
	`profile_id` text,
	`status` text NOT NULL,
	`reason` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`sandbox_id`, `key`)
);
--> statement-breakpoint
CREATE INDEX `push_targets_profile_id_idx` ON `push_targets` (`profile_id`);