import { badRequest } from '../http/errors.ts';

/**
 * Typed access to an untrusted JSON body. Each getter throws a 400 naming the field when the
 * value has the wrong type; business rules are checked afterwards by the services.
 */
export class BodyReader {
  private readonly body: Record<string, unknown>;

  constructor(body: Record<string, unknown>) {
    this.body = body;
  }

  has(field: string): boolean {
    return this.body[field] !== undefined;
  }

  string(field: string): string {
    const value = this.body[field];
    if (typeof value !== 'string')
      throw badRequest(`${field} must be a string`, { [field]: 'Required' });
    return value;
  }

  optionalString(field: string): string | undefined {
    return this.has(field) ? this.string(field) : undefined;
  }

  integer(field: string): number {
    const value = this.body[field];
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      throw badRequest(`${field} must be an integer`, { [field]: 'Must be a whole number' });
    }
    return value;
  }

  optionalInteger(field: string): number | undefined {
    return this.has(field) ? this.integer(field) : undefined;
  }

  nullableInteger(field: string): number | null | undefined {
    if (!this.has(field)) return undefined;
    return this.body[field] === null ? null : this.integer(field);
  }

  boolean(field: string): boolean {
    const value = this.body[field];
    if (typeof value !== 'boolean') throw badRequest(`${field} must be true or false`);
    return value;
  }

  optionalBoolean(field: string): boolean | undefined {
    return this.has(field) ? this.boolean(field) : undefined;
  }

  integerArray(field: string): number[] {
    const value = this.body[field];
    if (
      !Array.isArray(value) ||
      !value.every((v) => typeof v === 'number' && Number.isSafeInteger(v))
    ) {
      throw badRequest(`${field} must be a list of integers`);
    }
    return value as number[];
  }
}
