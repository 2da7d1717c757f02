package node

import (
	"context"
	"net/http"
	"strings"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kapi-dev/kapi/pkg/kubeletclient"
	"github.com/kapi-dev/kapi/pkg/proxyaddress"
)

// kubelets maps node names to kubelet hosts on port 10250.
type kubelets map[string]string

var kubeletTransport = &http.Transport{}

func (k kubelets) GetConnectionInfo(_ context.Context, name string) (*kubeletclient.ConnectionInfo, error) {
	host, ok := k[name]
	if !ok {
		return nil, apierrors.NewNotFound(schema.GroupResource{Resource: "nodes"}, name)
	}
	return &kubeletclient.ConnectionInfo{Scheme: "https", Hostname: host, Port: "10250", Transport: kubeletTransport}, nil
}

func TestResourceLocation(t *testing.T) {
	nodes := kubelets{"n1": "10.0.0.1", "local": "127.0.0.1", "metadata": "169.254.169.254"}
	for _, tc := range []struct {
		id, want, err string
		kubelet       bool
	}{
		{id: "n1", want: "https://10.0.0.1:10250", kubelet: true},
		{id: "n1:10250", want: "https://10.0.0.1:10250", kubelet: true},
		{id: "http:n1:9100", want: "http://10.0.0.1:9100"},
		{id: "local", err: "address not allowed"},
		{id: "metadata", err: "address not allowed"},
		{id: "missing", err: `nodes "missing" not found`},
		{id: "a:b:c:d", err: `invalid node request "a:b:c:d"`},
	} {
		t.Run(tc.id, func(t *testing.T) {
			loc, rt, err := ResourceLocation(context.Background(), nodes, http.DefaultTransport, proxyaddress.Default, tc.id)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("got %v, %v; want error %q", loc, err, tc.err)
				}
				return
			}
			if err != nil || loc.String() != tc.want {
				t.Fatalf("got %v, %v; want %s", loc, err, tc.want)
			}
			// Only the kubelet's own port gets kapi's kubelet credentials.
			if (rt == kubeletTransport) != tc.kubelet {
				t.Errorf("kubelet transport %v, want %v", rt == kubeletTransport, tc.kubelet)
			}
		})
	}
}
