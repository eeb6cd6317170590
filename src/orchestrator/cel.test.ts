import { describe, expect, it } from 'vitest';
import { applySelector, evaluateCel, evaluateCondition } from './cel.js';

const pv = (values: Record<string, unknown>) => ({ inputs: { parameter_values: values } });

describe('evaluateCel', () => {
  it('evaluates the conditions KFP compilers write', () => {
    const v = { 'pipelinechannel--x': 3, 'pipelinechannel--c': 'heads', 'pipelinechannel--a': 0.8 };
    expect(evaluateCondition("int(inputs.parameter_values['pipelinechannel--x']) < 5", v)).toBe(true);
    expect(evaluateCondition("inputs.parameter_values['pipelinechannel--c'] == 'heads'", v)).toBe(true);
    expect(evaluateCondition("!(inputs.parameter_values['pipelinechannel--c'] == 'heads')", v)).toBe(false);
    expect(
      evaluateCondition(
        "!(int(inputs.parameter_values['pipelinechannel--x']) < 2) && double(inputs.parameter_values['pipelinechannel--a']) >= 0.7",
        v,
      ),
    ).toBe(true);
    expect(evaluateCondition("(1 == 2 || 'a' != 'b') && !false", v)).toBe(true);
  });

  it('casts strings to numbers as int() and double() do', () => {
    expect(evaluateCel("int(inputs.parameter_values['n'])", pv({ n: '7' }))).toBe(7);
    expect(evaluateCel("double(inputs.parameter_values['n'])", pv({ n: '0.5' }))).toBe(0.5);
    expect(evaluateCel('-3 < -2', {})).toBe(true);
  });

  it('applies parameter expression selectors', () => {
    expect(applySelector('parseJson(string_value)["A_a"]', '{"A_a": "1", "B_b": "2"}')).toBe('1');
    expect(applySelector('parseJson(string_value)["A_a"]', { A_a: 5 })).toBe(5);
    expect(applySelector('parseJson(string_value)[1]', [3, 4])).toBe(4);
  });

  it('reports what it cannot evaluate', () => {
    expect(() => evaluateCel("inputs.parameter_values['missing'] == 1", pv({}))).toThrow(/no such key/);
    expect(() => evaluateCel('foo(1)', {})).toThrow(/unknown function foo/);
    expect(() => evaluateCel("'a' < 1", {})).toThrow(/cannot order/);
    expect(() => evaluateCondition('1', {})).toThrow(/true or false/);
    expect(() => evaluateCel("'abc", {})).toThrow(/unterminated/);
  });
});
