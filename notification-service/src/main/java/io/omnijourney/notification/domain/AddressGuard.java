package io.omnijourney.notification.domain;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps webhooks away from the service's own network and from addresses that are not what they seem. Refused: every
 * block of the IANA IPv4 and IPv6 special-purpose address registries (loopback, private, link-local with the cloud
 * metadata address, carrier-grade NAT, benchmarking, documentation, protocol assignments, multicast, reserved,
 * broadcast, unique-local, ...), every IPv6 address outside global unicast {@code 2000::/3}, and the IPv6 forms that
 * carry an IPv4 address a gateway would connect to (IPv4-mapped, IPv4-compatible, NAT64 {@code 64:ff9b::/96} and
 * {@code 64:ff9b:1::/48}, 6to4 {@code 2002::/16}, Teredo {@code 2001::/32}): a public IPv4 address is written as
 * itself, never in those forms. Only the allowed ports may be reached (443 by default). An allow-list entry
 * ({@code 10.1.2.0/24}, {@code 127.0.0.1:8089}, {@code [::1]:8080}) lets through what it covers: the address whatever
 * it is, and the port if it names one. Checked on the resolved address.
 */
public final class AddressGuard {

    /** A refused block: {@code network/prefix} and what it is. */
    record Block(BigInteger network, int prefix, int bits, String name) {

        static Block of(String cidr, String name) {
            String[] parts = cidr.split("/");
            byte[] raw = parts[0].contains(":") ? ipv6(parts[0]) : Entry.literal(parts[0]).getAddress();
            int bits = raw.length * 8;
            int prefix = Integer.parseInt(parts[1]);
            return new Block(new BigInteger(1, raw).shiftRight(bits - prefix), prefix, bits, name);
        }

        /** Sixteen bytes, also for the IPv4-mapped forms that {@link InetAddress} would turn into IPv4. */
        static byte[] ipv6(String text) {
            String[] halves = text.split("::", -1);
            String[] head = halves[0].isEmpty() ? new String[0] : halves[0].split(":");
            String[] tail = halves.length < 2 || halves[1].isEmpty() ? new String[0] : halves[1].split(":");
            int[] groups = new int[8];
            for (int i = 0; i < head.length; i++) {
                groups[i] = Integer.parseInt(head[i], 16);
            }
            for (int i = 0; i < tail.length; i++) {
                groups[8 - tail.length + i] = Integer.parseInt(tail[i], 16);
            }
            byte[] raw = new byte[16];
            for (int i = 0; i < 8; i++) {
                raw[2 * i] = (byte) (groups[i] >> 8);
                raw[2 * i + 1] = (byte) groups[i];
            }
            return raw;
        }

        boolean contains(byte[] raw) {
            return raw.length * 8 == bits && new BigInteger(1, raw).shiftRight(bits - prefix).equals(network);
        }
    }

    /** IANA IPv4 Special-Purpose Address Registry, plus multicast, reserved and the metadata address. */
    static final List<Block> IPV4 = List.of(
            Block.of("0.0.0.0/8", "this network (0.0.0.0/8)"),
            Block.of("10.0.0.0/8", "private (10.0.0.0/8)"),
            Block.of("100.64.0.0/10", "carrier-grade NAT (100.64.0.0/10)"),
            Block.of("127.0.0.0/8", "loopback (127.0.0.0/8)"),
            Block.of("169.254.169.254/32", "metadata (169.254.169.254)"),
            Block.of("169.254.0.0/16", "link-local (169.254.0.0/16)"),
            Block.of("172.16.0.0/12", "private (172.16.0.0/12)"),
            Block.of("192.0.0.0/24", "IETF protocol assignments (192.0.0.0/24)"),
            Block.of("192.0.2.0/24", "documentation (192.0.2.0/24)"),
            Block.of("192.31.196.0/24", "AS112 (192.31.196.0/24)"),
            Block.of("192.52.193.0/24", "AMT (192.52.193.0/24)"),
            Block.of("192.88.99.0/24", "6to4 relay anycast (192.88.99.0/24)"),
            Block.of("192.168.0.0/16", "private (192.168.0.0/16)"),
            Block.of("192.175.48.0/24", "AS112 direct delegation (192.175.48.0/24)"),
            Block.of("198.18.0.0/15", "benchmarking (198.18.0.0/15)"),
            Block.of("198.51.100.0/24", "documentation (198.51.100.0/24)"),
            Block.of("203.0.113.0/24", "documentation (203.0.113.0/24)"),
            Block.of("224.0.0.0/4", "multicast (224.0.0.0/4)"),
            Block.of("255.255.255.255/32", "broadcast (255.255.255.255)"),
            Block.of("240.0.0.0/4", "reserved (240.0.0.0/4)"));

    /**
     * IANA IPv6 Special-Purpose Address Registry and the other non-global blocks; anything outside {@code 2000::/3}
     * is refused as well (see {@link #GLOBAL_UNICAST}).
     */
    static final List<Block> IPV6 = List.of(
            Block.of("::/128", "unspecified (::)"),
            Block.of("::1/128", "loopback (::1)"),
            Block.of("::ffff:0:0/96", "IPv4-mapped (::ffff:0:0/96)"),
            Block.of("::/96", "IPv4-compatible (::/96)"),
            Block.of("64:ff9b::/96", "NAT64 (64:ff9b::/96)"),
            Block.of("64:ff9b:1::/48", "local-use NAT64 (64:ff9b:1::/48)"),
            Block.of("100::/64", "discard-only (100::/64)"),
            Block.of("100:0:0:1::/64", "dummy prefix (100:0:0:1::/64)"),
            Block.of("2001::/32", "Teredo (2001::/32)"),
            Block.of("2001::/23", "IETF protocol assignments (2001::/23)"),
            Block.of("2001:db8::/32", "documentation (2001:db8::/32)"),
            Block.of("2002::/16", "6to4 (2002::/16)"),
            Block.of("2620:4f:8000::/48", "AS112 (2620:4f:8000::/48)"),
            Block.of("3fff::/20", "documentation (3fff::/20)"),
            Block.of("5f00::/16", "segment routing SIDs (5f00::/16)"),
            Block.of("fd00:ec2::254/128", "metadata (fd00:ec2::254)"),
            Block.of("fc00::/7", "unique-local (fc00::/7)"),
            Block.of("fe80::/10", "link-local (fe80::/10)"),
            Block.of("fec0::/10", "site-local (fec0::/10)"),
            Block.of("ff00::/8", "multicast (ff00::/8)"));

    static final Block GLOBAL_UNICAST = Block.of("2000::/3", "global unicast");

    private final List<Entry> allowList;
    private final Set<Integer> allowedPorts;

    /** With the default port rule: 443 only. */
    public AddressGuard(List<String> allowList) {
        this(allowList, Set.of(443));
    }

    public AddressGuard(List<String> allowList, Set<Integer> allowedPorts) {
        this.allowList = allowList.stream().map(String::trim).filter(s -> !s.isEmpty()).map(Entry::parse).toList();
        this.allowedPorts = Set.copyOf(allowedPorts);
    }

    /** Why the service must not connect to {@code address:port}, or empty if it may. */
    public Optional<String> refusal(InetAddress address, int port) {
        boolean listed = allowList.stream().anyMatch(e -> e.covers(address, port));
        Optional<String> danger = danger(address);
        if (danger.isPresent() && !listed) {
            return Optional.of("refused target address: " + danger.get());
        }
        boolean portListed = allowList.stream().anyMatch(e -> e.port() != null && e.covers(address, port));
        if (!allowedPorts.contains(port) && !portListed) {
            return Optional.of("refused target port " + port + ": allowed ports are " + allowedPorts.stream()
                    .sorted().map(String::valueOf).toList());
        }
        return Optional.empty();
    }

    /** The special-purpose block {@code address} is in, or empty for a global address. */
    static Optional<String> danger(InetAddress address) {
        byte[] raw = address.getAddress();
        List<Block> blocks = address instanceof Inet4Address ? IPV4 : IPV6;
        for (Block block : blocks) {
            if (block.contains(raw)) {
                return Optional.of(block.name());
            }
        }
        if (!(address instanceof Inet4Address) && !GLOBAL_UNICAST.contains(raw)) {
            return Optional.of("not global unicast (outside 2000::/3)");
        }
        return Optional.empty();
    }

    /** An allow-list entry: an address or CIDR block, optionally with a port. */
    record Entry(BigInteger network, int prefix, int bits, Integer port) {

        static Entry parse(String text) {
            String host = text;
            Integer port = null;
            if (text.startsWith("[")) {
                int close = text.indexOf(']');
                host = text.substring(1, close);
                if (text.length() > close + 1 && text.charAt(close + 1) == ':') {
                    port = Integer.parseInt(text.substring(close + 2));
                }
            } else if (text.chars().filter(c -> c == ':').count() == 1) {
                int colon = text.indexOf(':');
                host = text.substring(0, colon);
                port = Integer.parseInt(text.substring(colon + 1));
            }
            String[] cidr = host.split("/");
            InetAddress address = literal(cidr[0]);
            int bits = address.getAddress().length * 8;
            int prefix = cidr.length > 1 ? Integer.parseInt(cidr[1]) : bits;
            return new Entry(mask(new BigInteger(1, address.getAddress()), prefix, bits), prefix, bits, port);
        }

        boolean covers(InetAddress address, int actualPort) {
            byte[] raw = address.getAddress();
            if (raw.length * 8 != bits || (port != null && port != actualPort)) {
                return false;
            }
            return mask(new BigInteger(1, raw), prefix, bits).equals(network);
        }

        private static BigInteger mask(BigInteger value, int prefix, int bits) {
            return value.shiftRight(bits - prefix);
        }

        /** Only literals: an allow-list naming a host would be resolved once and trusted forever. */
        static InetAddress literal(String text) {
            if (!text.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
                throw new IllegalArgumentException("allow-list entries are IP addresses or CIDR blocks: '" + text + "'");
            }
            try {
                return InetAddress.getByName(text);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an address: '" + text + "'", e);
            }
        }
    }
}
