/** Recipient imports: staging (checks, preview) and committing (batched, all or nothing). */
export * from './importStage';
export * from './importCommit';
