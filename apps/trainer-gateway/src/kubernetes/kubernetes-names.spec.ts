import { kubernetesNameFor, labelValueFor } from './kubernetes-names';

const DNS_1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

describe('kubernetesNameFor', () => {
  it('gives DNS-1123 names of at most 63 characters for any job id', () => {
    for (const id of ['job-1', 'Train_SFT.Run#7', 'x'.repeat(200), '---', 'ÜBER jöb', 'a--b']) {
      const name = kubernetesNameFor(id);
      expect(name).toMatch(DNS_1123);
      expect(name.length).toBeLessThanOrEqual(63);
    }
  });

  it('keeps ids apart that slug to the same text', () => {
    expect(kubernetesNameFor('Job_1')).not.toBe(kubernetesNameFor('job-1'));
    expect(kubernetesNameFor('job-1')).toBe(kubernetesNameFor('job-1'));
    expect(kubernetesNameFor('job-1')).toMatch(/^astra-job-1-[0-9a-f]{10}$/);
  });
});

describe('labelValueFor', () => {
  it('keeps a valid label value and replaces one that is not', () => {
    expect(labelValueFor('job-1')).toBe('job-1');
    expect(labelValueFor('a b')).toBe(kubernetesNameFor('a b'));
    expect(labelValueFor('y'.repeat(64)).length).toBeLessThanOrEqual(63);
  });
});
