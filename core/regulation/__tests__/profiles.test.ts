import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadProfiles, parseClockOverrides, profileByKey, withClockOverrides } from '../profiles';

describe('jurisdiction profiles (data files)', () => {
  it('should load and validate every shipped profile', () => {
    // given the profiles folder / when it is read
    const profiles = loadProfiles();
    // then each regime is there, with its regulatory clocks
    expect([...profiles.keys()].sort()).toEqual([
      'au-rg271',
      'eu-psd2',
      'iso-10002',
      'uk-fca',
      'uk-fca-payments',
      'us-cfpb',
    ]);
    expect(profileByKey('uk-fca').clocks.finalResponse?.budget).toBe('P8W');
    expect(profileByKey('uk-fca-payments').clocks.finalResponse?.extensions.map((e) => e.budget)).toEqual([
      'P35BD',
    ]);
    expect(profileByKey('eu-psd2').clocks.finalResponse?.budget).toBe('P15BD');
    expect(profileByKey('us-cfpb').clocks.finalResponse?.extensions.map((e) => e.budget)).toEqual(['P60D']);
    expect(profileByKey('au-rg271').clocks.acknowledgment?.budget).toBe('PT24H');
    expect(profileByKey('uk-fca').letterPack.clauses.map((c) => c.key)).toEqual([
      'ombudsmanName',
      'ombudsmanAddress',
      'sixMonthNotice',
      'rightToRefer',
    ]);
  });

  it('should refuse a profile whose clock budget is not a duration, naming the file and field', () => {
    // given a folder with a broken profile
    const dir = mkdtempSync(path.join(tmpdir(), 'profiles-'));
    const broken = {
      ...profileByKey('us-cfpb'),
      key: 'broken',
      clocks: { finalResponse: { label: 'x', budget: '15 days', start: 'receipt' } },
    };
    writeFileSync(path.join(dir, 'broken.json'), JSON.stringify(broken));
    // when it is read / then the error says where
    expect(() => loadProfiles(dir)).toThrow(
      /broken\.json is invalid:\n {2}clocks\.finalResponse\.budget: must be P<n>BD/,
    );
  });

  it('should apply clock overrides without touching what they do not name', () => {
    const uk = withClockOverrides(
      profileByKey('uk-fca'),
      parseClockOverrides('{"finalResponse":{"budget":"PT20S","warnBefore":"PT10S"}}'),
    );
    expect(uk.clocks.finalResponse).toMatchObject({
      budget: 'PT20S',
      warnBefore: 'PT10S',
      stopOnStage: 'resolution',
    });
    expect(uk.clocks.ombudsmanWindow).toMatchObject({ budget: 'P6M', pausable: false });
    expect(() => parseClockOverrides('{"finalResponse":{"budget":"soon"}}')).toThrow(
      'CLOCK_OVERRIDES: finalResponse.budget',
    );
  });
});
