// The no-weights embedder: script-insensitive, ranks answering passages first, unit vectors, deterministic.
import { describe, expect, it } from 'vitest';
import { HashEmbeddings } from '../../src/embed/hash-embeddings.js';

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
  return dot;
}

function norm(v: number[]): number {
  return Math.sqrt(v.reduce((s, x) => s + x * x, 0));
}

const passages = {
  approvals:
    '市行政审批服务管理局推行“上收否决权、下放同意权”模式，将484项非重大审批事项下沉至一线，企业群众办事更加便捷。',
  harvest: '今年夏粮收购工作全面展开，各地粮食部门提前检修仓储设施，确保颗粒归仓、农民增收。',
  training: '矿区首期“求能”实训营日前开营，本次实训营为期七天，来自各行业的六十余名青年参加培训。',
  railway: '新建铁路客运站主体工程顺利封顶，预计明年年底投入使用，届时市民乘坐高铁出行将更加方便。',
};

describe('HashEmbeddings', () => {
  const embeddings = new HashEmbeddings();

  it('embeds a traditional-script text and its simplified form to the same vector', async () => {
    const [traditional, simplified] = await embeddings.embedDocuments([
      '香港特別行政區政府宣佈，明年起擴建機場第三條跑道，預計創造數萬個就業職位。',
      '香港特别行政区政府宣布，明年起扩建机场第三条跑道，预计创造数万个就业职位。',
    ]);
    expect(cosine(traditional, simplified)).toBeGreaterThan(0.99);
  });

  it.each([
    ['阳泉市有多少项审批事项下沉至一线？', 'approvals'],
    ['矿区实训营为期几天？', 'training'],
    ['新铁路客运站什么时候投入使用？', 'railway'],
    ['夏糧收購進展如何？', 'harvest'],
  ] as const)('ranks the passage that answers "%s" first', async (question, answer) => {
    const names = Object.keys(passages) as Array<keyof typeof passages>;
    const vectors = await embeddings.embedDocuments(names.map((n) => passages[n]));
    const query = await embeddings.embedQuery(question);
    const scores = vectors.map((v) => cosine(query, v));
    const best = names[scores.indexOf(Math.max(...scores))];
    expect(best).toBe(answer);
    // Not a near tie: the answer stands clearly above every unrelated passage.
    const answerScore = scores[names.indexOf(answer)];
    for (const [i, s] of scores.entries()) if (names[i] !== answer) expect(answerScore - s).toBeGreaterThan(0.05);
  });

  it('returns unit vectors of the declared dimension, and names it in the id', async () => {
    const [v] = await embeddings.embedDocuments([passages.railway]);
    expect(embeddings.dimensions).toBe(512);
    expect(embeddings.id).toBe('hash-v1-512');
    expect(v).toHaveLength(512);
    expect(norm(v)).toBeCloseTo(1, 6);

    const small = new HashEmbeddings({ dimensions: 64 });
    const w = await small.embedQuery(passages.railway);
    expect(small.id).toBe('hash-v1-64');
    expect(w).toHaveLength(64);
    expect(norm(w)).toBeCloseTo(1, 6);
  });

  it('gives the same vector for the same text in any instance, document or query', async () => {
    const a = await new HashEmbeddings().embedDocuments([passages.harvest, passages.training]);
    const b = await new HashEmbeddings().embedDocuments([passages.harvest, passages.training]);
    expect(a).toEqual(b);
    expect(await new HashEmbeddings().embedQuery(passages.training)).toEqual(a[1]);
  });

  it('does not throw on empty or punctuation-only text and still returns a unit vector', async () => {
    const [empty, punctuation] = await embeddings.embedDocuments(['', '，。！？——']);
    for (const v of [empty, punctuation]) {
      expect(v).toHaveLength(512);
      expect(v.every(Number.isFinite)).toBe(true);
      expect(norm(v)).toBeCloseTo(1, 6);
    }
    expect(await embeddings.embedQuery('')).toEqual(empty);
  });

  it('rejects a dimension that is not a positive integer', () => {
    expect(() => new HashEmbeddings({ dimensions: 0 })).toThrow(/positive integer/);
    expect(() => new HashEmbeddings({ dimensions: 10.5 })).toThrow(/positive integer/);
  });
});
