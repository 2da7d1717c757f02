package rest

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"
	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"
)

// nodeGetter reads nodes through the loopback client, for the subresources of other resources
// that must find a node: each resource's storage is built on its own, and may be disabled.
type nodeGetter struct{ nodes corev1client.NodeInterface }

var (
	_ rest.Getter = nodeGetter{}
	_ rest.Getter = podGetter{}
)

func (g nodeGetter) Get(ctx context.Context, name string, opts *metav1.GetOptions) (runtime.Object, error) {
	return g.nodes.Get(ctx, name, *opts)
}

// podGetter reads the pods of the request's namespace through the loopback client, for
// services/proxy, which checks that an endpoint is a pod's address.
type podGetter struct{ pods corev1client.PodsGetter }

func (g podGetter) Get(ctx context.Context, name string, opts *metav1.GetOptions) (runtime.Object, error) {
	ns, _ := genericapirequest.NamespaceFrom(ctx)
	return g.pods.Pods(ns).Get(ctx, name, *opts)
}
