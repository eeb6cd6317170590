/** Synthetic benchmark functions (formulas from the literature), with known optima. */

export interface Problem {
  name: string;
  params: { name: string; min: number; max: number }[];
  optimum: number;
  f(x: number[]): number;
}

/** Branin: x1 ∈ [−5, 10], x2 ∈ [0, 15], min 0.397887. */
export const branin: Problem = {
  name: 'branin',
  params: [
    { name: 'x1', min: -5, max: 10 },
    { name: 'x2', min: 0, max: 15 },
  ],
  optimum: 0.397887,
  f: ([x1 = 0, x2 = 0]) => {
    const b = 5.1 / (4 * Math.PI ** 2);
    const c = 5 / Math.PI;
    const t = 1 / (8 * Math.PI);
    return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
  },
};

const A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((r) => r.map((v) => v * 1e-4));
const ALPHA = [1, 1.2, 3, 3.2];

/** Hartmann6 on [0, 1]^6, min −3.32237. */
export const hartmann6: Problem = {
  name: 'hartmann6',
  params: Array.from({ length: 6 }, (_, i) => ({ name: `x${i + 1}`, min: 0, max: 1 })),
  optimum: -3.32237,
  f: (x) => {
    let s = 0;
    for (let i = 0; i < 4; i++) {
      let inner = 0;
      for (let j = 0; j < 6; j++) inner += (A[i]?.[j] ?? 0) * ((x[j] ?? 0) - (P[i]?.[j] ?? 0)) ** 2;
      s += (ALPHA[i] ?? 0) * Math.exp(-inner);
    }
    return -s;
  },
};
