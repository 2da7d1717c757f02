// Package kubeletclient tells the API server how to reach a node's kubelet: which of the node's
// addresses to dial, on which port, and with which TLS credentials, as kube-apiserver's
// --kubelet-* flags configure it.
package kubeletclient

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/client-go/transport"

	"github.com/kapi-dev/kapi/pkg/proxytransport"
)

// DefaultPort is the kubelet's port when a node does not publish one.
const DefaultPort = 10250

// Config is how to reach kubelets.
type Config struct {
	// PreferredAddressTypes are tried in order; the first of a node's addresses of a listed type wins.
	PreferredAddressTypes []corev1.NodeAddressType
	// Timeout bounds dialing a kubelet and waiting for its answer.
	Timeout time.Duration
	// CertFile and KeyFile are the client certificate kapi presents to kubelets.
	CertFile, KeyFile string
	// CAFile verifies the kubelets' serving certificates. Without it, as in kube-apiserver, they are
	// not verified.
	CAFile string
}

// ConnectionInfo is how to reach one node's kubelet.
type ConnectionInfo struct {
	Scheme   string
	Hostname string
	Port     string
	// Transport carries kapi's kubelet client credentials.
	Transport http.RoundTripper
	// InsecureSkipTLSVerifyTransport is Transport without verifying the kubelet's certificate, for
	// pods/log's insecureSkipTLSVerifyBackend.
	InsecureSkipTLSVerifyTransport http.RoundTripper
}

// ConnectionInfoGetter finds how to reach a node's kubelet.
type ConnectionInfoGetter interface {
	GetConnectionInfo(ctx context.Context, nodeName string) (*ConnectionInfo, error)
}

// NodeConnectionInfoGetter reads the nodes from their storage.
type NodeConnectionInfoGetter struct {
	nodes          rest.Getter
	preferred      []corev1.NodeAddressType
	transport      http.RoundTripper
	insecureSkipTS http.RoundTripper
}

var _ ConnectionInfoGetter = &NodeConnectionInfoGetter{}

// New returns the getter of c that reads nodes from nodes, or an error if the credentials cannot
// be loaded.
func New(c Config, nodes rest.Getter) (*NodeConnectionInfoGetter, error) {
	tlsConfig := transport.TLSConfig{CertFile: c.CertFile, KeyFile: c.KeyFile, CAFile: c.CAFile, Insecure: c.CAFile == ""}
	secure, err := transport.TLSConfigFor(&transport.Config{TLS: tlsConfig})
	if err != nil {
		return nil, fmt.Errorf("kubelet client credentials: %w", err)
	}
	tlsConfig.Insecure, tlsConfig.CAFile = true, ""
	insecure, err := transport.TLSConfigFor(&transport.Config{TLS: tlsConfig})
	if err != nil {
		return nil, fmt.Errorf("kubelet client credentials: %w", err)
	}
	return &NodeConnectionInfoGetter{
		nodes:          nodes,
		preferred:      c.PreferredAddressTypes,
		transport:      proxytransport.New(secure, c.Timeout, nil),
		insecureSkipTS: proxytransport.New(insecure, c.Timeout, nil),
	}, nil
}

// GetConnectionInfo returns the https endpoint of the node's kubelet: its preferred address and the
// port it publishes in status.daemonEndpoints.
func (g *NodeConnectionInfoGetter) GetConnectionInfo(ctx context.Context, nodeName string) (*ConnectionInfo, error) {
	obj, err := g.nodes.Get(ctx, nodeName, &metav1.GetOptions{})
	if err != nil {
		return nil, err
	}
	node, ok := obj.(*corev1.Node)
	if !ok {
		return nil, fmt.Errorf("unexpected object type %T", obj)
	}
	host, err := PreferredAddress(node, g.preferred)
	if err != nil {
		return nil, err
	}
	port := int(node.Status.DaemonEndpoints.KubeletEndpoint.Port)
	if port <= 0 {
		port = DefaultPort
	}
	return &ConnectionInfo{
		Scheme:                         "https",
		Hostname:                       host,
		Port:                           strconv.Itoa(port),
		Transport:                      g.transport,
		InsecureSkipTLSVerifyTransport: g.insecureSkipTS,
	}, nil
}
