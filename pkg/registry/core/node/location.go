package node

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	utilnet "k8s.io/apimachinery/pkg/util/net"

	"github.com/kapi-dev/kapi/pkg/kubeletclient"
	"github.com/kapi-dev/kapi/pkg/proxyaddress"
)

// ResourceLocation returns where nodes/proxy sends a request for id ("name", "name:port" or
// "scheme:name:port"): the node's kubelet endpoint, with kapi's kubelet credentials, when no port
// or the kubelet's is given; otherwise the requested port on the node's address, through transport,
// which carries none. An address that filter refuses is a 400, as upstream.
func ResourceLocation(ctx context.Context, kubelets kubeletclient.ConnectionInfoGetter, transport http.RoundTripper, filter proxyaddress.Filter, id string) (*url.URL, http.RoundTripper, error) {
	scheme, name, port, valid := utilnet.SplitSchemeNamePort(id)
	if !valid {
		return nil, nil, apierrors.NewBadRequest(fmt.Sprintf("invalid node request %q", id))
	}
	info, err := kubelets.GetConnectionInfo(ctx, name)
	if err != nil {
		return nil, nil, err
	}
	if err := filter(ctx, info.Hostname); err != nil {
		return nil, nil, apierrors.NewBadRequest(err.Error())
	}
	if port == "" || port == info.Port {
		return &url.URL{Scheme: info.Scheme, Host: net.JoinHostPort(info.Hostname, info.Port)}, info.Transport, nil
	}
	return &url.URL{Scheme: scheme, Host: net.JoinHostPort(info.Hostname, port)}, transport, nil
}
