import { describe, expect, it } from 'vitest';
import {
  childKinds, departmentOptions, fieldReason, filterParams, isMunicipalityAdmin, joinMinutes, splitMinutes,
  staffFilters, staffFormValues, staffQuery, subtreeIds,
} from './admin';
import { areasFor } from './nav';

const grant = (role: string) => ({ role, departmentId: null, departmentName: null, regionId: null }) as never;

describe('admin helpers', () => {
  it('knows who is a municipality admin, and shows them the admin area only', () => {
    expect(isMunicipalityAdmin({ roles: [grant('staff'), grant('municipality_admin')] })).toBe(true);
    expect(isMunicipalityAdmin({ roles: [grant('staff'), grant('manager')] })).toBe(false);
    expect(areasFor({ roles: [grant('municipality_admin')] }).map((a) => a.href)).toContain('/admin');
    expect(areasFor({ roles: [grant('staff')] }).map((a) => a.href)).not.toContain('/admin');
  });

  it('splits and joins the weekly working time', () => {
    expect(splitMinutes(2325)).toEqual({ hours: 38, minutes: 45 });
    expect(joinMinutes('38', '45')).toBe(2325);
    expect(joinMinutes('３１', '')).toBe(31 * 60);
    expect(joinMinutes('', '')).toBeNull();
    expect(joinMinutes('38', '60')).toBeNull();
    expect(joinMinutes('38.5', '0')).toBeNull();
    expect(staffFormValues()).toMatchObject({ hours: '38', minutes: '45', departmentId: '' });
  });

  it('lists departments indented in tree order, and finds everything below one', () => {
    const list = [
      { id: 'a', parentId: null, name: '総務部', depth: 0, active: true },
      { id: 'b', parentId: 'a', name: '人事課', depth: 1, active: true },
      { id: 'c', parentId: 'b', name: '研修係', depth: 2, active: false },
      { id: 'd', parentId: null, name: '市民部', depth: 0, active: true },
    ];
    expect(departmentOptions(list, '（廃止）').map((o) => o.label)).toEqual([
      '総務部',
      '\u3000\u3000人事課',
      '\u3000\u3000\u3000\u3000研修係 （廃止）',
      '市民部',
    ]);
    expect([...subtreeIds(list, 'a')].sort()).toEqual(['a', 'b', 'c']);
    expect(childKinds('bu')).toEqual(['ka', 'kakari']);
    expect(childKinds('kakari')).toEqual([]);
  });

  it('drops the field name from Japanese field messages only where the field is already named', () => {
    expect(fieldReason('email', 'メールアドレス: 既に使われています', 'ja')).toBe('既に使われています');
    expect(fieldReason('email', 'E-mail is already in use', 'en')).toBe('E-mail is already in use');
    expect(fieldReason(null, 'ファイルが空です。', 'ja')).toBe('ファイルが空です。');
  });

  it('reads the staff filters from the address and passes them on', () => {
    const id = '3f0b5a52-6d0e-4d4e-9a51-0a3c2b1d4e5f';
    const f = staffFilters(new URL(`http://x/admin/staff?q=%20さとう%20&department=${id}&inactive=1`));
    expect(f).toEqual({ q: 'さとう', departmentId: id, showInactive: true });
    expect(staffQuery(f).toString()).toBe(`active=all&q=${encodeURIComponent('さとう')}&departmentId=${id}`);
    expect(filterParams(f).get('department')).toBe(id);
    expect(staffFilters(new URL('http://x/admin/staff?department=../../etc')).departmentId).toBe('');
    expect(staffQuery(staffFilters(new URL('http://x/admin/staff'))).toString()).toBe('active=true');
  });
});
