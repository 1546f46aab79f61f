import { safeReturn } from '../pages/staff-page';

describe('safeReturn: where a login or a form post may send the browser back to', () => {
  it.each(['/staff/inbox', '/staff/tasks/1?x=1', '/staff', '/modeler?key=complaint', '/dev/outbox'])(
    'should keep the staff page %s',
    (path) => expect(safeReturn(path, '/staff/inbox')).toBe(path),
  );

  it.each([
    'https://evil.example/staff',
    '//evil.example/staff',
    '/\\evil.example',
    '/staffing',
    '/track/RD-1',
    'javascript:alert(1)',
    '',
    undefined,
    ['/staff/inbox'],
  ])('should NOT follow %p, but fall back', (value) => {
    expect(safeReturn(value, '/staff/inbox')).toBe('/staff/inbox');
  });
});
