ALTER TABLE `messages` ADD `queued_at` text;--> statement-breakpoint
CREATE INDEX `messages_queued_at_idx` ON `messages` (`queued_at`) WHERE status = 'queued';--> statement-breakpoint
UPDATE `messages` SET `queued_at` = `created_at`;
