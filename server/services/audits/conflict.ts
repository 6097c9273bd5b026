import { ConflictError } from '../../errors';

/** 409: entries (or the bonus) changed since the page that edits them was opened; `codes` says which. */
export class EntryConflictError extends ConflictError {
  constructor(readonly codes: string[]) {
    super(`entries: ${codes.join(', ')} changed since you opened the page; check and save again`, 'entries', 'entry_conflict');
  }
}
