// Package proxyaddress decides which backend addresses the proxy subresources (nodes/proxy,
// pods/proxy, services/proxy) may reach, so that a user allowed to proxy cannot use the API server
// to reach its own loopback services or a cloud metadata endpoint.
package proxyaddress

import (
	"context"
	"errors"
	"net"
)

// ErrNotAllowed is the refusal, worded as kube-apiserver words it.
var ErrNotAllowed = errors.New("address not allowed")

// Filter returns nil if host, an IP address or a name, may be proxied to.
type Filter func(ctx context.Context, host string) error

// Default allows only global unicast addresses, as kube-apiserver: loopback, link-local, multicast
// and unspecified addresses are refused. A name is resolved, and refused if any of its addresses is.
func Default(ctx context.Context, host string) error {
	if ip := net.ParseIP(host); ip != nil {
		return check(ip)
	}
	addrs, err := net.DefaultResolver.LookupIPAddr(ctx, host)
	if err != nil {
		return err
	}
	if len(addrs) == 0 {
		return errors.New("no addresses for hostname")
	}
	for _, addr := range addrs {
		if err := check(addr.IP); err != nil {
			return err
		}
	}
	return nil
}

// AllowAll lets every address through; for tests whose backends listen on loopback.
func AllowAll(context.Context, string) error { return nil }

func check(ip net.IP) error {
	if !ip.IsGlobalUnicast() {
		return ErrNotAllowed
	}
	return nil
}
