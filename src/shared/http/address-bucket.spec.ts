import { addressBucket } from './address-bucket.js';

describe('addressBucket', () => {
  it('keeps an IPv4 address as it is', () => {
    expect(addressBucket('198.51.100.7')).toBe('198.51.100.7');
    expect(addressBucket(' 198.51.100.7 ')).toBe('198.51.100.7');
  });

  it('counts an IPv4 address mapped into IPv6 as the IPv4 address', () => {
    expect(addressBucket('::ffff:198.51.100.7')).toBe('198.51.100.7');
    expect(addressBucket('::FFFF:C633:6407')).toBe('198.51.100.7');
    expect(addressBucket('0:0:0:0:0:ffff:198.51.100.7')).toBe('198.51.100.7');
  });

  it('counts IPv6 per /64, whatever the spelling', () => {
    const bucket = '2001:db8:1:2::/64';
    for (const spelling of [
      '2001:db8:1:2::1',
      '2001:DB8:1:2::6',
      '2001:0db8:0001:0002:0000:0000:0000:0001',
      '2001:db8:1:2:ffff:ffff:ffff:ffff',
      '2001:db8:1:2::9%eth0',
    ]) {
      expect({ spelling, bucket: addressBucket(spelling) }).toEqual({ spelling, bucket });
    }
    expect(addressBucket('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(addressBucket('::1')).toBe('0:0:0:0::/64');
    expect(addressBucket('2001:db8::1.2.3.4')).toBe('2001:db8:0:0::/64');
  });

  it('leaves out a port a proxy may have forwarded with the address', () => {
    expect(addressBucket('10.4.4.4:1234')).toBe('10.4.4.4');
    expect(addressBucket('[10.3.3.3]')).toBe('10.3.3.3');
    expect(addressBucket('[2001:db8:1:2::1]:443')).toBe('2001:db8:1:2::/64');
    expect(addressBucket('[::ffff:198.51.100.7]:80')).toBe('198.51.100.7');
  });

  it('counts something that is not an address as it is, in lower case', () => {
    expect(addressBucket('Not-An-IP')).toBe('not-an-ip');
  });
});
