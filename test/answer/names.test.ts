// Input-method slips: a typed name that sounds like a printed one is that name; one character off and not a
// homophone is somebody else.
import { describe, expect, it } from 'vitest';
import { isNearMiss, soundMatch } from '../../src/answer/names.js';

describe('typed names against printed ones', () => {
  it('takes a same-sounding spelling for the printed name', () => {
    expect(soundMatch('王建国', '王健国')).toBe('same');
    // Polyphonic characters count by any reading (长 is chang and zhang).
    expect(soundMatch('顾常林', '顾长林')).toBe('same');
  });

  it('allows one syllable off by a fuzzy initial or final, ranked below an exact sound', () => {
    expect(soundMatch('张海生', '张海声')).toBe('same');
    expect(soundMatch('刘金平', '刘京平')).toBe('near');
    expect(soundMatch('刘金明', '刘京宁')).toBeNull();
  });

  it('is no match for the same spelling or another length', () => {
    expect(soundMatch('王健国', '王健国')).toBeNull();
    expect(soundMatch('王健', '王健国')).toBeNull();
  });

  it('tells a near miss (one character off, not a homophone) from a slip', () => {
    expect(isNearMiss('倪海某', '倪健某')).toBe(true);
    expect(isNearMiss('王建国', '王健国')).toBe(false);
    expect(isNearMiss('李海峰', '王海峰')).toBe(false);
  });
});
