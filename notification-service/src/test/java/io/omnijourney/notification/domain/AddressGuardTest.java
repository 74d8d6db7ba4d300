package io.omnijourney.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The webhook address guard against every special-purpose block, their edges, and the port rule. */
class AddressGuardTest {

    private final AddressGuard guard = new AddressGuard(List.of());

    static Stream<AddressGuard.Block> blocks() {
        return Stream.concat(AddressGuard.IPV4.stream(), AddressGuard.IPV6.stream());
    }

    @ParameterizedTest
    @MethodSource("blocks")
    void theFirstTheLastAndAMiddleAddressOfEveryBlockAreRefused(AddressGuard.Block block) throws Exception {
        int bytes = block.bits() / 8;
        BigInteger first = block.network().shiftLeft(block.bits() - block.prefix());
        BigInteger size = BigInteger.ONE.shiftLeft(block.bits() - block.prefix());
        for (BigInteger value : List.of(first, first.add(size.shiftRight(1)), first.add(size).subtract(BigInteger.ONE))) {
            InetAddress address = bytes == 4 ? InetAddress.getByAddress(raw(value, 4))
                    : Inet6Address.getByAddress(null, raw(value, bytes), -1);
            assertThat(guard.refusal(address, 443)).as(block.name() + ": " + address).isPresent()
                    .get().asString().startsWith("refused target address");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // IPv4 special-purpose, by name
            "0.0.0.0", "0.1.2.3", "10.0.0.1", "10.255.255.255", "100.64.0.1", "100.127.255.255", "127.0.0.1",
            "127.1.2.3", "169.254.169.254", "169.254.1.1", "172.16.5.4", "172.31.255.255", "192.0.0.8",
            "192.0.0.170", "192.0.2.1", "192.31.196.1", "192.52.193.1", "192.88.99.1", "192.168.1.1",
            "192.175.48.1", "198.18.0.1", "198.19.255.255", "198.51.100.7", "203.0.113.9", "224.0.0.1",
            "233.252.0.1", "239.255.255.250", "240.0.0.1", "250.1.2.3", "255.255.255.255",
            // IPv6 special-purpose and non-global
            "::", "::1", "::7f00:1", "::8.8.8.8", "::a00:1", "64:ff9b::8.8.8.8", "64:ff9b::7f00:1",
            "64:ff9b:1::1.2.3.4", "100::1", "100:0:0:1::1", "2001::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2",
            "2001:1::1", "2001:2::1", "2001:20::1", "2001:1ff::1", "2001:db8::1", "2001:db8:ffff::1",
            "2002:808:808::1", "2002:7f00:1::1", "2620:4f:8000::1", "3fff::1", "3fff:fff:ffff::1", "5f00::1",
            "fc00::1", "fd00::1", "fd00:ec2::254", "fe80::1", "febf::1", "fec0::1", "ff02::1", "ff0e::1",
            "400::1", "1000::1", "4000::1", "e000::1"})
    void specialPurposeAddressesAreRefused(String address) throws Exception {
        assertThat(guard.refusal(InetAddress.getByName(address), 443)).as(address).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "93.184.216.34", "9.255.255.255", "11.0.0.0", "100.63.255.255",
            "100.128.0.0", "126.255.255.255", "128.0.0.0", "169.253.255.255", "169.255.0.0", "172.15.255.255",
            "172.32.0.0", "192.0.1.1", "192.0.3.0", "192.167.255.255", "192.169.0.0", "198.17.255.255",
            "198.20.0.0", "198.51.99.255", "203.0.112.255", "223.255.255.255",
            "2606:4700:4700::1111", "2a00:1450:4001::1", "2001:200::1", "2001:db9::1", "2003::1", "2620:4f:8001::1",
            "3ffe::1", "3fff:1000::1"})
    void globalAddressesOnPort443Pass(String address) throws Exception {
        assertThat(guard.refusal(InetAddress.getByName(address), 443)).as(address).isEmpty();
    }

    @Test
    void anIpv4MappedAddressHeldAsIpv6IsRefusedEvenWhenTheIpv4AddressIsPublic() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(new byte[] {8, 8, 8, 8}, 0, mapped, 12, 4);
        assertThat(guard.refusal(Inet6Address.getByAddress(null, mapped, -1), 443)).get().asString()
                .contains("IPv4-mapped");
        mapped[12] = 127;
        assertThat(guard.refusal(Inet6Address.getByAddress(null, mapped, -1), 443)).isPresent();
    }

    @Test
    void onlyTheAllowedPortsPassUnlessAnAllowListEntryNamesThePort() throws Exception {
        InetAddress publicAddress = InetAddress.getByName("93.184.216.34");
        assertThat(guard.refusal(publicAddress, 443)).isEmpty();
        assertThat(guard.refusal(publicAddress, 80)).get().asString().contains("refused target port 80");
        assertThat(guard.refusal(publicAddress, 8443)).isPresent();

        AddressGuard configured = new AddressGuard(List.of("93.184.216.0/24:8080", "127.0.0.1:8089"),
                Set.of(443, 8443));
        assertThat(configured.refusal(publicAddress, 8443)).isEmpty();
        assertThat(configured.refusal(publicAddress, 8080)).isEmpty();
        assertThat(configured.refusal(publicAddress, 80)).isPresent();
        assertThat(configured.refusal(InetAddress.getByName("127.0.0.1"), 8089)).isEmpty();
        assertThat(configured.refusal(InetAddress.getByName("127.0.0.1"), 443)).get().asString()
                .contains("loopback");
    }

    @Test
    void anAllowListBlockWithoutAPortAdmitsTheAddressesButNotOtherPorts() throws Exception {
        AddressGuard configured = new AddressGuard(List.of("10.1.0.0/16"));
        assertThat(configured.refusal(InetAddress.getByName("10.1.2.3"), 443)).isEmpty();
        assertThat(configured.refusal(InetAddress.getByName("10.1.2.3"), 22)).get().asString()
                .contains("port 22");
        assertThat(configured.refusal(InetAddress.getByName("10.2.0.1"), 443)).isPresent();
    }

    private static byte[] raw(BigInteger value, int bytes) {
        byte[] big = value.toByteArray();
        byte[] out = new byte[bytes];
        int copy = Math.min(big.length, bytes);
        System.arraycopy(big, big.length - copy, out, bytes - copy, copy);
        return out;
    }
}
