import { describe, expect, it } from 'vitest';
import { isKiteError } from '../core/index.js';
import { parseSquad } from './squad.js';

// A hand-made document in SQuAD v2.0 layout (no SQuAD data is available offline).
const context = 'Kite runs pipelines locally or on Kubeflow.';
const doc = {
  version: 'v2.0',
  data: [
    {
      title: 'Kite',
      paragraphs: [
        {
          context,
          qas: [
            {
              id: 'q1',
              question: 'Where does Kite run pipelines?',
              answers: [{ text: 'locally', answer_start: 20 }],
              is_impossible: false,
            },
            {
              id: 'q2',
              question: 'Who wrote Kite?',
              answers: [],
              plausible_answers: [],
              is_impossible: true,
            },
          ],
        },
      ],
    },
  ],
};

describe('SQuAD JSON', () => {
  it('flattens questions with answers and keeps unanswerable ones', () => {
    const ds = parseSquad(JSON.stringify(doc), 'dev.json');
    expect(ds.version).toBe('v2.0');
    expect(ds.size).toBe(2);
    expect(ds.examples[0]).toEqual({
      id: 'q1',
      title: 'Kite',
      context,
      question: 'Where does Kite run pipelines?',
      answers: [{ text: 'locally', start: 20 }],
      isImpossible: false,
    });
    expect(ds.examples[1]!.isImpossible).toBe(true);
  });

  it('reports answers at the wrong offset and malformed entries with their JSON path', () => {
    const broken = structuredClone(doc);
    broken.data[0]!.paragraphs[0]!.qas[0]!.answers[0]!.answer_start = 3;
    (broken.data[0]!.paragraphs[0]!.qas as unknown[]).push({ question: 'no id' });
    try {
      parseSquad(JSON.stringify(broken), 'dev.json');
      expect.unreachable();
    } catch (e) {
      const paths = isKiteError(e) ? e.issues.map((i) => i.path) : [];
      expect(paths).toEqual([
        'dev.json:data[0].paragraphs[0].qas[0].answers[0]',
        'dev.json:data[0].paragraphs[0].qas[2]',
      ]);
    }
    expect(() => parseSquad('{', 'x.json')).toThrow(/not valid JSON/);
    expect(() => parseSquad('{"data": 1}', 'x.json')).toThrow(/SQuAD JSON/);
  });
});
