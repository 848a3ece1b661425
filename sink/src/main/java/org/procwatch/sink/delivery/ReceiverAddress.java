package org.procwatch.sink.delivery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Whether a webhook may be sent to an address. A subscription names its receiver, but an address inside
 * the network procwatch runs in (loopback, private, link-local such as a cloud's metadata service at
 * 169.254.169.254) is refused unless the subscription says {@code allowPrivateNetwork: true}: otherwise
 * whoever can write a subscription could make procwatch post into that network. The check is made on the
 * addresses the name resolves to, when the subscriptions are read and again before every attempt, since a
 * name can be pointed elsewhere later.
 */
final class ReceiverAddress {

    private ReceiverAddress() {
    }

    /**
     * Why the URL's host may not be sent to, or empty when it may.
     *
     * @throws UnknownHostException when the name does not resolve (now)
     */
    static Optional<String> refusal(URI url, boolean allowPrivateNetwork) throws UnknownHostException {
        if (allowPrivateNetwork) {
            return Optional.empty();
        }
        for (InetAddress address : InetAddress.getAllByName(url.getHost())) {
            if (inside(address)) {
                return Optional.of("its host resolves to " + address.getHostAddress() + ", an address inside a private network; "
                        + "set allowPrivateNetwork: true on the subscription if the receiver is yours");
            }
        }
        return Optional.empty();
    }

    /** Loopback, private, link-local, shared (carrier-grade NAT), unspecified or multicast. */
    static boolean inside(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress() || address.isAnyLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128) || (first == 198 && (second == 18 || second == 19));
        }
        if (address instanceof Inet6Address) {
            // Unique local addresses, fc00::/7; an IPv4 address mapped into IPv6 is judged as itself.
            if ((bytes[0] & 0xfe) == 0xfc) {
                return true;
            }
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= bytes[i] == 0;
            }
            if (mapped && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff) {
                try {
                    return inside(InetAddress.getByAddress(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]}));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException("four bytes are an IPv4 address", e);
                }
            }
        }
        return false;
    }
}
