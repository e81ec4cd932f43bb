/**
 * Typed errors of the Q-method core. Each names what is wrong in words a researcher understands;
 * `code` is stable so the CLI and the web layer can map it (to an exit status or a 422).
 */
export type QmethodErrorCode =
  'grid_violation' | 'duplicate_statement' | 'duplicate_participant' | 'too_few_sorts' | 'singular_correlation' | 'invalid_input';

export class QmethodError extends Error {
  constructor(
    public readonly code: QmethodErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A sort does not use exactly the grid's positions (wrong count in a column, or a position off the grid). */
export class GridViolationError extends QmethodError {
  constructor(
    public readonly participant: string,
    detail: string,
  ) {
    super('grid_violation', `The sort of participant "${participant}" breaks the grid: ${detail}`);
  }
}

export class DuplicateStatementError extends QmethodError {
  constructor(public readonly statement: string) {
    super('duplicate_statement', `Statement "${statement}" appears more than once.`);
  }
}

export class DuplicateParticipantError extends QmethodError {
  constructor(public readonly participant: string) {
    super('duplicate_participant', `Participant "${participant}" appears more than once.`);
  }
}

export class TooFewSortsError extends QmethodError {
  constructor(
    public readonly sorts: number,
    public readonly factors: number,
  ) {
    super(
      'too_few_sorts',
      `${factors} factors were requested but the study has only ${sorts} sorts; it needs at least as many sorts as factors.`,
    );
  }
}

/**
 * The correlations between sorts cannot carry the requested factors: a sort without variance
 * (correlation undefined), or a correlation matrix whose rank is below the number of factors.
 */
export class SingularCorrelationError extends QmethodError {
  constructor(detail: string) {
    super('singular_correlation', `The correlation matrix between sorts is singular: ${detail}`);
  }
}

export class InvalidInputError extends QmethodError {
  constructor(message: string) {
    super('invalid_input', message);
  }
}
