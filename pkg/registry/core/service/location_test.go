package service

import (
	"context"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"

	"github.com/kapi-dev/kapi/pkg/proxyaddress"
)

// objects is a getter over fixed objects of one resource.
type objects map[string]runtime.Object

func (o objects) Get(_ context.Context, name string, _ *metav1.GetOptions) (runtime.Object, error) {
	if obj, ok := o[name]; ok {
		return obj, nil
	}
	return nil, apierrors.NewNotFound(corev1.Resource("endpoints"), name)
}

func TestLocatorResourceLocation(t *testing.T) {
	pod := func(name, ip string) *corev1.Pod {
		return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "ns"}, Status: corev1.PodStatus{PodIPs: []corev1.PodIP{{IP: ip}}}}
	}
	ref := func(name string) *corev1.ObjectReference {
		return &corev1.ObjectReference{Kind: "Pod", Namespace: "ns", Name: name}
	}
	endpoints := func(name string, addrs ...corev1.EndpointAddress) *corev1.Endpoints {
		return &corev1.Endpoints{ObjectMeta: metav1.ObjectMeta{Name: name}, Subsets: []corev1.EndpointSubset{{Addresses: addrs, Ports: []corev1.EndpointPort{{Name: "http", Port: 8080}}}}}
	}
	l := Locator{
		Services: objects{"web": &corev1.Service{Spec: corev1.ServiceSpec{Ports: []corev1.ServicePort{{Name: "http", Port: 80}}}}},
		Endpoints: objects{
			"web":       endpoints("web", corev1.EndpointAddress{IP: "10.1.0.5", TargetRef: ref("a")}),
			"stale":     endpoints("stale", corev1.EndpointAddress{IP: "10.1.0.9", TargetRef: ref("a")}),
			"noref":     endpoints("noref", corev1.EndpointAddress{IP: "10.1.0.5"}),
			"otherns":   endpoints("otherns", corev1.EndpointAddress{IP: "10.1.0.5", TargetRef: &corev1.ObjectReference{Namespace: "other", Name: "a"}}),
			"loopback":  endpoints("loopback", corev1.EndpointAddress{IP: "127.0.0.1", TargetRef: ref("lo")}),
			"nosubsets": &corev1.Endpoints{},
		},
		Pods:   objects{"a": pod("a", "10.1.0.5"), "lo": pod("lo", "127.0.0.1")},
		Filter: proxyaddress.Default,
	}
	ctx := genericapirequest.WithNamespace(context.Background(), "ns")
	for _, tc := range []struct{ id, want, err string }{
		{id: "web:http", want: "//10.1.0.5:8080"},
		{id: "web:80", want: "//10.1.0.5:8080"},
		{id: "https:web:http", want: "https://10.1.0.5:8080"},
		{id: "web:8080", err: `no service port 8080 found for service "web"`},
		{id: "web:other", err: `no endpoints available for service "web:other"`},
		{id: "stale:http", err: `no endpoints available for service "stale:http"`},
		{id: "noref:http", err: `no endpoints available for service "noref:http"`},
		{id: "otherns:http", err: `no endpoints available for service "otherns:http"`},
		{id: "loopback:http", err: `no endpoints available for service "loopback:http"`},
		{id: "nosubsets:http", err: `no endpoints available for service "nosubsets"`},
		{id: "missing", err: `"missing" not found`},
	} {
		t.Run(tc.id, func(t *testing.T) {
			loc, _, err := l.ResourceLocation(ctx, tc.id)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("got %v, %v; want error %q", loc, err, tc.err)
				}
				return
			}
			if err != nil || loc.String() != tc.want {
				t.Errorf("got %v, %v; want %s", loc, err, tc.want)
			}
		})
	}
}
