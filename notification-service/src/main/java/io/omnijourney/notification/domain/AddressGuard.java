package io.omnijourney.notification.domain;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Keeps webhooks away from the service's own network: loopback, private (RFC 1918, unique-local fc00::/7),
 * link-local (including the cloud metadata address 169.254.169.254), carrier-grade NAT, unspecified, multicast and
 * IPv4-mapped forms of them are refused, unless an allow-list entry ({@code 10.1.2.0/24}, {@code 127.0.0.1:8089},
 * {@code [::1]:8080}) covers the address (and port, if the entry names one). Checked on the resolved address.
 */
public final class AddressGuard {

    private final List<Entry> allowList;

    public AddressGuard(List<String> allowList) {
        this.allowList = allowList.stream().map(String::trim).filter(s -> !s.isEmpty()).map(Entry::parse).toList();
    }

    /** Why the service must not connect to {@code address:port}, or empty if it may. */
    public Optional<String> refusal(InetAddress address, int port) {
        Optional<String> danger = danger(address);
        if (danger.isEmpty()) {
            return Optional.empty();
        }
        if (allowList.stream().anyMatch(e -> e.covers(address, port))) {
            return Optional.empty();
        }
        return Optional.of("refused target address: " + danger.get());
    }

    static Optional<String> danger(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            if (isMappedV4(b)) {
                try {
                    return danger(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
            if ((b[0] & 0xfe) == 0xfc) {
                return Optional.of("unique-local IPv6");
            }
            if (b[0] == (byte) 0xfd && b[1] == 0x00 && b[2] == 0x0e && b[3] == (byte) 0xc2) {
                return Optional.of("metadata");
            }
        }
        if (address.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("unspecified");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of(isMetadata(address) ? "metadata" : "link-local");
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of("private");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("multicast");
        }
        if (address instanceof Inet4Address v4) {
            byte[] b = v4.getAddress();
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) {
                return Optional.of("unspecified");
            }
            if (first == 100 && second >= 64 && second < 128) {
                return Optional.of("carrier-grade NAT");
            }
            if (first == 198 && (second == 18 || second == 19)) {
                return Optional.of("benchmarking");
            }
            if (first >= 240) {
                return Optional.of("reserved");
            }
        }
        return Optional.empty();
    }

    private static boolean isMetadata(InetAddress address) {
        return address.getHostAddress().equals("169.254.169.254");
    }

    private static boolean isMappedV4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] == (byte) 0xff && b[11] == (byte) 0xff);
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
        private static InetAddress literal(String text) {
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
