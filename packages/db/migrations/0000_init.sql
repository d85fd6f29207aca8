CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`sandbox_id` text NOT NULL,
	`name` text NOT NULL,
	`secret_hash` text NOT NULL,
	`scopes` text NOT NULL,
	`created_at` text NOT NULL,
	`revoked_at` text,
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `api_keys_sandbox_id_idx` ON `api_keys` (`sandbox_id`);--> statement-breakpoint
CREATE TABLE `campaign_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` text NOT NULL,
	`number` integer NOT NULL,
	`title` text NOT NULL,
	`description` text,
	`surface_id` text NOT NULL,
	`namespace` text NOT NULL,
	`create_profiles` integer NOT NULL,
	`start_at` text,
	`end_at` text,
	`content` text NOT NULL,
	`defaults` text NOT NULL,
	`variables` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `campaign_versions_campaign_id_number_idx` ON `campaign_versions` (`campaign_id`,`number`);--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` text PRIMARY KEY NOT NULL,
	`sandbox_id` text NOT NULL,
	`channel` text NOT NULL,
	`status` text NOT NULL,
	`live_version_id` text,
	`draft_version_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`activated_at` text,
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `campaigns_sandbox_id_idx` ON `campaigns` (`sandbox_id`);--> statement-breakpoint
CREATE TABLE `executions` (
	`id` text PRIMARY KEY NOT NULL,
	`sandbox_id` text NOT NULL,
	`campaign_id` text NOT NULL,
	`campaign_version_id` text NOT NULL,
	`request_id` text NOT NULL,
	`request_hash` text NOT NULL,
	`response` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `executions_sandbox_id_request_id_idx` ON `executions` (`sandbox_id`,`request_id`);--> statement-breakpoint
CREATE TABLE `messages` (
	`id` text PRIMARY KEY NOT NULL,
	`sandbox_id` text NOT NULL,
	`execution_id` text NOT NULL,
	`campaign_id` text NOT NULL,
	`campaign_version_id` text NOT NULL,
	`channel` text NOT NULL,
	`recipient_index` integer NOT NULL,
	`user_id` text NOT NULL,
	`namespace` text,
	`profile_id` text,
	`address` text NOT NULL,
	`profile_overrides` text,
	`context` text,
	`status` text NOT NULL,
	`reason` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`provider_message_id` text,
	`segments` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`sent_at` text
);
--> statement-breakpoint
CREATE INDEX `messages_execution_id_idx` ON `messages` (`execution_id`);--> statement-breakpoint
CREATE INDEX `messages_sandbox_id_created_at_idx` ON `messages` (`sandbox_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`message_id` text PRIMARY KEY NOT NULL,
	`channel` text NOT NULL,
	`rendered` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `identities` (
	`sandbox_id` text NOT NULL,
	`namespace` text NOT NULL,
	`value` text NOT NULL,
	`profile_id` text NOT NULL,
	PRIMARY KEY(`sandbox_id`, `namespace`, `value`),
	FOREIGN KEY (`profile_id`) REFERENCES `profiles`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `identities_profile_id_idx` ON `identities` (`profile_id`);--> statement-breakpoint
CREATE TABLE `profiles` (
	`id` text PRIMARY KEY NOT NULL,
	`sandbox_id` text NOT NULL,
	`attributes` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `profiles_sandbox_id_idx` ON `profiles` (`sandbox_id`);--> statement-breakpoint
CREATE TABLE `sandboxes` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sandboxes_name_idx` ON `sandboxes` (`name`);--> statement-breakpoint
CREATE TABLE `surfaces` (
	`id` text PRIMARY KEY NOT NULL,
	`sandbox_id` text NOT NULL,
	`channel` text NOT NULL,
	`name` text NOT NULL,
	`provider` text NOT NULL,
	`settings` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `surfaces_sandbox_id_idx` ON `surfaces` (`sandbox_id`);