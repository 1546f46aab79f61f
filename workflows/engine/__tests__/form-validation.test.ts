import { FormSchemaError } from '../errors';
import { formDefaults, validateFormData } from '../form-validation';

const schema = {
  type: 'default',
  components: [
    { type: 'text', text: '# Decision' },
    {
      type: 'radio',
      key: 'decision',
      validate: { required: true },
      values: [
        { label: 'Accept', value: 'accept' },
        { label: 'Reject', value: 'reject' },
      ],
    },
    { type: 'number', key: 'remedyAmount', validate: { min: 0, max: 100000 }, decimalDigits: 2 },
    { type: 'textarea', key: 'reason', validate: { required: true, minLength: 10, maxLength: 500 } },
    {
      type: 'textfield',
      key: 'reference',
      validate: { pattern: '^[A-Z]{3}-\\d+$', patternErrorMessage: 'Use ABC-123' },
    },
    { type: 'textfield', key: 'contactEmail', validate: { validationType: 'email' } },
    { type: 'checkbox', key: 'informCustomer', defaultValue: true },
    {
      type: 'checklist',
      key: 'channels',
      values: [
        { label: 'Email', value: 'email' },
        { label: 'SMS', value: 'sms' },
      ],
    },
    { type: 'select', key: 'category', valuesKey: 'categories' },
    { type: 'datetime', key: 'followUp', subtype: 'date' },
    {
      type: 'textfield',
      key: 'rejectionCode',
      conditional: { hide: '=decision != "reject"' },
      validate: { required: true },
    },
    {
      type: 'group',
      path: 'address',
      components: [
        { type: 'textfield', key: 'city', validate: { required: true }, defaultValue: 'Tehran' },
        { type: 'textfield', key: 'postal.code' },
      ],
    },
    {
      type: 'dynamiclist',
      path: 'items',
      components: [
        { type: 'textfield', key: 'name', validate: { required: true } },
        { type: 'number', key: 'qty', validate: { min: 1 } },
      ],
    },
  ],
};

const valid = {
  decision: 'accept',
  remedyAmount: 250.5,
  reason: 'Delivery was late twice',
  reference: 'ABC-42',
  contactEmail: 'ada@example.org',
  informCustomer: true,
  channels: ['email'],
  category: 'billing',
  followUp: '2026-02-28',
  address: { city: 'Shiraz', postal: { code: '71' } },
  items: [{ name: 'parcel', qty: 2 }],
};

const fields = (data: Record<string, unknown>, context?: Record<string, unknown>) =>
  validateFormData(schema, data, context ? { context } : {});

describe('validateFormData', () => {
  it('should accept valid data', () => {
    expect(fields(valid, { categories: ['billing', 'delivery'] })).toEqual([]);
  });

  it('should accept a form with only the required fields', () => {
    expect(
      fields({
        decision: 'reject',
        reason: 'Not our fault at all',
        rejectionCode: 'R1',
        address: { city: 'Yazd' },
      }),
    ).toEqual([]);
  });

  it('should report a missing required field, whitespace counting as missing', () => {
    expect(fields({ ...valid, decision: undefined, reason: '   ' })).toEqual([
      { field: 'decision', message: '"decision" is required' },
      { field: 'reason', message: '"reason" is required' },
    ]);
  });

  it('should report numbers out of range with clear messages', () => {
    expect(fields({ ...valid, remedyAmount: 150000 })).toEqual([
      { field: 'remedyAmount', message: '"remedyAmount" must be at most 100000' },
    ]);
    expect(fields({ ...valid, remedyAmount: -1 })[0]?.message).toBe('"remedyAmount" must be at least 0');
    expect(fields({ ...valid, remedyAmount: 1.234 })[0]?.message).toBe(
      '"remedyAmount" must have at most 2 decimal digits',
    );
    expect(fields({ ...valid, remedyAmount: '12' })[0]?.message).toBe('"remedyAmount" must be a number');
  });

  it('should report text length and pattern violations', () => {
    expect(fields({ ...valid, reason: '  short  ' })[0]?.message).toBe(
      '"reason" must be at least 10 characters long',
    );
    expect(fields({ ...valid, reason: 'x'.repeat(501) })[0]?.message).toBe(
      '"reason" must be at most 500 characters long',
    );
    expect(fields({ ...valid, reference: 'abc' })[0]).toEqual({ field: 'reference', message: 'Use ABC-123' });
    expect(fields({ ...valid, contactEmail: 'not-an-email' })[0]?.message).toBe(
      '"contactEmail" must be a valid email address',
    );
    expect(fields({ ...valid, reason: 42 })[0]?.message).toBe('"reason" must be text');
  });

  it('should accept only the listed options', () => {
    expect(fields({ ...valid, decision: 'maybe' })[0]?.message).toBe(
      '"decision" must be one of "accept", "reject"',
    );
    expect(fields({ ...valid, channels: ['email', 'fax'] })[0]?.message).toBe(
      '"channels" may only contain "email", "sms"',
    );
    expect(fields({ ...valid, channels: 'email' })[0]?.message).toBe('"channels" must be a list');
    expect(
      fields({ ...valid, category: 'other' }, { categories: [{ label: 'Billing', value: 'billing' }] })[0]
        ?.message,
    ).toBe('"category" must be one of "billing"');
  });

  it('should check checkboxes and dates', () => {
    expect(fields({ ...valid, informCustomer: 'yes' })[0]?.message).toBe(
      '"informCustomer" must be true or false',
    );
    expect(fields({ ...valid, followUp: '2026-02-30' })[0]?.message).toBe(
      '"followUp" must be a date (YYYY-MM-DD)',
    );
    expect(fields({ ...valid, followUp: '28.02.2026' })).toHaveLength(1);
  });

  it('should reject keys the form does not have, nested ones too', () => {
    expect(fields({ ...valid, isAdmin: true, address: { city: 'Qom', street: 'x' } })).toEqual([
      { field: 'address.street', message: '"address.street" is not a field of this form' },
      { field: 'isAdmin', message: '"isAdmin" is not a field of this form' },
    ]);
    expect(fields({ ...valid, items: [{ name: 'a', extra: 1 }] })).toEqual([
      { field: 'items[0].extra', message: '"items[0].extra" is not a field of this form' },
    ]);
  });

  it('should NOT require a hidden field, and reject a value sent for it', () => {
    expect(fields({ ...valid, decision: 'accept' })).toEqual([]);
    expect(fields({ ...valid, decision: 'accept', rejectionCode: 'R9' })).toEqual([
      { field: 'rejectionCode', message: '"rejectionCode" is hidden and must not be submitted' },
    ]);
    expect(fields({ ...valid, decision: 'reject' })).toEqual([
      { field: 'rejectionCode', message: '"rejectionCode" is required' },
    ]);
  });

  it('should hide by process variables given as context', () => {
    const conditional = {
      components: [
        {
          type: 'textfield',
          key: 'note',
          validate: { required: true },
          conditional: { hide: '=not(needsNote)' },
        },
      ],
    };
    expect(validateFormData(conditional, {}, { context: { needsNote: false } })).toEqual([]);
    expect(validateFormData(conditional, {}, { context: { needsNote: true } })).toHaveLength(1);
  });

  it('should validate fields inside groups and every item of a dynamic list', () => {
    expect(fields({ ...valid, address: {}, items: [{ name: 'a', qty: 0 }, { qty: 1 }] })).toEqual([
      { field: 'address.city', message: '"address.city" is required' },
      { field: 'items[0].qty', message: '"items[0].qty" must be at least 1' },
      { field: 'items[1].name', message: '"items[1].name" is required' },
    ]);
  });

  it('should evaluate FEEL validation bounds', () => {
    const feelBounds = { components: [{ type: 'number', key: 'refund', validate: { max: '=paid' } }] };
    expect(validateFormData(feelBounds, { refund: 80 }, { context: { paid: 100 } })).toEqual([]);
    expect(validateFormData(feelBounds, { refund: 120 }, { context: { paid: 100 } })[0]?.message).toBe(
      '"refund" must be at most 100',
    );
  });

  it('should throw FormSchemaError for a malformed schema', () => {
    expect(() => validateFormData(null, {})).toThrow(FormSchemaError);
    expect(() => validateFormData({ components: [{ key: 'x' }] }, {})).toThrow(FormSchemaError);
    expect(() =>
      validateFormData(
        { components: [{ type: 'textfield', key: 'x', validate: { pattern: '(' } }] },
        { x: 'a' },
      ),
    ).toThrow(FormSchemaError);
  });

  it('should NOT let a __proto__ key through', () => {
    const errors = validateFormData(
      schema,
      JSON.parse(
        '{"__proto__": {"x": 1}, "decision": "accept", "reason": "long enough text", "address": {"city": "A"}}',
      ) as Record<string, unknown>,
    );
    expect(errors).toEqual([{ field: '__proto__', message: '"__proto__" is not a field of this form' }]);
  });
});

describe('formDefaults', () => {
  it('should collect declared default values by path', () => {
    expect(formDefaults(schema)).toEqual({ informCustomer: true, address: { city: 'Tehran' } });
  });
});
