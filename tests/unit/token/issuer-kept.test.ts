/**
 * classifyIssuer keeps its answers (every device list and Watch check asks it): the same two strings get
 * the same frozen answer, and the endpoint override is part of the question, so a loopback issuer trusted
 * under one override is not trusted under another, or none.
 */
import { describe, expect, it } from 'vitest';
import { classifyIssuer } from '../../../utils/token/issuer';

const LOOPBACK = 'http://127.0.0.1:9229/us-east-1_Demo1';

describe('classifyIssuer, asked again', () => {
  it('answers the same question with the same frozen answer', () => {
    const first = classifyIssuer('https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Demo1');
    expect(first.trust).toBe('cognito');
    expect(classifyIssuer('https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Demo1')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('asks again when the override differs: a loopback issuer is trusted only under the override naming it', () => {
    expect(classifyIssuer(LOOPBACK, 'http://127.0.0.1:9229').trust).toBe('loopback');
    expect(classifyIssuer(LOOPBACK).trust).toBe('untrusted');
    expect(classifyIssuer(LOOPBACK, 'http://127.0.0.1:9230').trust).toBe('untrusted');
    expect(classifyIssuer(LOOPBACK, 'http://127.0.0.1:9229').trust).toBe('loopback');
  });

  it('still answers, unkept, for an issuer too long to keep, and for many different ones', () => {
    const long = `https://cognito-idp.us-east-1.amazonaws.com/${'x'.repeat(600)}`;
    expect(classifyIssuer(long).trust).toBe('untrusted');
    for (let i = 0; i < 100; i++) expect(classifyIssuer(`https://example.com/${i}`).trust).toBe('untrusted');
    expect(classifyIssuer(LOOPBACK, 'http://127.0.0.1:9229').trust).toBe('loopback');
  });
});
