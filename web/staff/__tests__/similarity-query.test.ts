import { similarityQuery } from '../complaint-view.service';

describe('the words searched for similar complaints', () => {
  it('should OR the telling words and drop short and common ones', () => {
    expect(similarityQuery('The kettle stopped working, the kettle is broken!')).toBe(
      'stopped | working | kettle | broken',
    );
  });

  it('should never let query syntax through, in any script', () => {
    const q = similarityQuery("it's & | ! (broken) <-> чайник сломался 'quote' کتری خراب")!;
    expect(q).toMatch(/^[\p{L}\p{N}]+( \| [\p{L}\p{N}]+)*$/u);
    expect(q).toContain('чайник');
    expect(q).toContain('کتری');
  });

  it('should give nothing for a text without words', () => {
    expect(similarityQuery('!! ?? ..')).toBeNull();
  });
});
