import { describe, expect, it } from 'vitest';
import { eventPeriodText, mapLinks, publicCollectionPath, publicPostPath, publicRegionPaths } from '../src/attractions';

describe('eventPeriodText', () => {
  it('writes a period of days with weekdays', () => {
    expect(eventPeriodText({ startsOn: '2026-04-01', endsOn: '2026-04-20' })).toBe('4月1日（水）〜4月20日（月）');
    expect(eventPeriodText({ startsOn: '2026-04-01', endsOn: '2026-04-20' }, 'en')).toBe('Wed 1 Apr – Mon 20 Apr');
  });
  it('writes one day with its times', () => {
    expect(eventPeriodText({ startsOn: '2026-05-03', endsOn: '2026-05-03', startTime: '10:00', endTime: '15:00' })).toBe('5月3日（日）10:00〜15:00');
    expect(eventPeriodText({ startsOn: '2026-05-03', startTime: '10:00:00', endTime: '15:00:00' }, 'en')).toBe('Sun 3 May, 10:00–15:00');
    expect(eventPeriodText({ startsOn: '2026-05-03', endsOn: null })).toBe('5月3日（日）');
  });
  it('writes open-ended times and drops the leading zero of the hour', () => {
    expect(eventPeriodText({ startsOn: '2026-05-03', startTime: '09:30' })).toBe('5月3日（日）9:30〜');
    expect(eventPeriodText({ startsOn: '2026-05-03', endTime: '21:00' })).toBe('5月3日（日）〜21:00');
    expect(eventPeriodText({ startsOn: '2026-05-03', startTime: '09:30' }, 'en')).toBe('Sun 3 May, 9:30–');
  });
  it('keeps the times apart from a range of days', () => {
    expect(eventPeriodText({ startsOn: '2026-04-01', endsOn: '2026-04-20', startTime: '18:00', endTime: '21:00' })).toBe('4月1日（水）〜4月20日（月） 18:00〜21:00');
    expect(eventPeriodText({ startsOn: '2026-04-01', endsOn: '2026-04-20', startTime: '18:00', endTime: '21:00' }, 'en')).toBe('Wed 1 Apr – Mon 20 Apr, 18:00–21:00');
  });
  it('writes the year across a new year, or when it is not the reader’s', () => {
    expect(eventPeriodText({ startsOn: '2026-12-31', endsOn: '2027-01-03' })).toBe('2026年12月31日（木）〜2027年1月3日（日）');
    expect(eventPeriodText({ startsOn: '2026-12-31', endsOn: '2027-01-03' }, 'en')).toBe('Thu 31 Dec 2026 – Sun 3 Jan 2027');
    expect(eventPeriodText({ startsOn: '2027-02-28' }, 'ja', { year: 2026 })).toBe('2027年2月28日（日）');
    expect(eventPeriodText({ startsOn: '2026-02-28' }, 'ja', { year: 2026 })).toBe('2月28日（土）');
  });
  it('is empty without a start and refuses what is not a date', () => {
    expect(eventPeriodText({ startsOn: null })).toBe('');
    expect(() => eventPeriodText({ startsOn: '2026/04/01' })).toThrow(RangeError);
  });
});

describe('mapLinks', () => {
  it('links Google Maps, OpenStreetMap and Apple Maps to the point', () => {
    expect(mapLinks(37.442, 140.49, '三春滝桜 & 駐車場')).toEqual({
      google: 'https://www.google.com/maps/search/?api=1&query=37.442,140.49',
      osm: 'https://www.openstreetmap.org/?mlat=37.442&mlon=140.49#map=16/37.442/140.49',
      apple: 'https://maps.apple.com/?ll=37.442,140.49&q=%E4%B8%89%E6%98%A5%E6%BB%9D%E6%A1%9C%20%26%20%E9%A7%90%E8%BB%8A%E5%A0%B4',
    });
  });
  it('rounds to six decimals and leaves out an empty label', () => {
    const links = mapLinks(37.39876543219, 140.38912345678);
    expect(links.google).toBe('https://www.google.com/maps/search/?api=1&query=37.398765,140.389123');
    expect(links.apple).toBe('https://maps.apple.com/?ll=37.398765,140.389123');
    expect(mapLinks(-33.5, -70.25, '  ').apple).toBe('https://maps.apple.com/?ll=-33.5,-70.25');
  });
  it('refuses a position off the globe', () => {
    expect(() => mapLinks(91, 0)).toThrow(RangeError);
    expect(() => mapLinks(Number.NaN, 0)).toThrow(RangeError);
  });
});

describe('public paths', () => {
  it('builds the paths of the public pages and feeds', () => {
    const id = '0f1e2d3c-1a2b-4c3d-8e4f-567890abcdef';
    expect(publicPostPath('koriyama', id)).toBe(`/visit/koriyama/${id}`);
    expect(publicCollectionPath('koriyama', id)).toBe(`/visit/koriyama/collections/${id}`);
    expect(publicRegionPaths('koriyama')).toEqual({
      page: '/visit/koriyama', rss: '/visit/koriyama/feed.xml', atom: '/visit/koriyama/atom.xml',
      json: '/visit/koriyama/feed.json', ics: '/visit/koriyama/events.ics',
    });
  });
});
