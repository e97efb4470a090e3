import { describe, expect, it } from 'vitest';
import { keptSealedSessionsItem } from '../../../utils/storage';
import { accessClaims, signToken } from '../token/fixtures';

import { codeOf, poolKey, setup } from './service-setup';

describe('sign-out, switching, reveal', () => {
  it('signs out locally, globally, switches and reveals on request', async () => {
    const { h, globalSignOut } = setup();
    const a = await signToken(poolKey, accessClaims());
    const b = await signToken(poolKey, accessClaims({ username: 'bob' }));
    const s1 = (await h['session.importTokens']({ type: 'session.importTokens', accessToken: a })).session;
    const s2 = (await h['session.importTokens']({ type: 'session.importTokens', accessToken: b })).session;
    expect((await h['session.list']({ type: 'session.list' })).activeId).toBe(s2.id);
    await h['session.setActive']({ type: 'session.setActive', id: s1.id });
    expect((await h['session.list']({ type: 'session.list' })).activeId).toBe(s1.id);
    expect(
      (await h['session.revealToken']({ type: 'session.revealToken', id: s1.id, kind: 'accessToken' })).value,
    ).toBe(a);
    expect(
      await codeOf(h['session.revealToken']({ type: 'session.revealToken', id: s1.id, kind: 'refreshToken' })),
    ).toBe('ERR_INVALID_INPUT');
    await h['session.globalSignOut']({ type: 'session.globalSignOut', id: s1.id });
    expect(globalSignOut).toHaveBeenCalledWith({ accessToken: a });
    await h['session.signOut']({ type: 'session.signOut', id: s2.id });
    expect((await h['session.list']({ type: 'session.list' })).sessions).toEqual([]);
    expect(await keptSealedSessionsItem.getValue()).toBeNull();
  });
});
