package defaultingressclass

import (
	"context"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/utils/ptr"

	"github.com/kapi-dev/kapi/pkg/admission/internal/admissiontest"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func class(name string, age time.Duration, isDefault string) *networkingv1.IngressClass {
	c := &networkingv1.IngressClass{ObjectMeta: metav1.ObjectMeta{Name: name, CreationTimestamp: metav1.NewTime(t0.Add(-age))}}
	if isDefault != "" {
		c.Annotations = map[string]string{networkingv1.AnnotationIsDefaultIngressClass: isDefault}
	}
	return c
}

func newTestPlugin(t *testing.T, classes ...*networkingv1.IngressClass) *plugin {
	t.Helper()
	factory := informers.NewSharedInformerFactory(fake.NewClientset(), 0)
	p := &plugin{Handler: admission.NewHandler(admission.Create)}
	p.SetExternalKubeInformerFactory(factory)
	for _, c := range classes {
		if err := factory.Networking().V1().IngressClasses().Informer().GetStore().Add(c); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

func attributes(obj runtime.Object) admission.Attributes {
	return admissiontest.Request{Object: obj, Resource: networkingv1.SchemeGroupVersion.WithResource("ingresses"), Kind: "Ingress", Namespace: "ns", Name: "web"}.Attributes()
}

func TestAdmit(t *testing.T) {
	for _, tc := range []struct {
		name        string
		classes     []*networkingv1.IngressClass
		className   *string
		annotations map[string]string
		want        *string
	}{
		{"no default", []*networkingv1.IngressClass{class("nginx", 0, ""), class("haproxy", 0, "false")}, nil, nil, nil},
		{"default", []*networkingv1.IngressClass{class("nginx", 0, "true"), class("haproxy", 0, "")}, nil, nil, ptr.To("nginx")},
		{"newest of two defaults", []*networkingv1.IngressClass{class("old", time.Hour, "true"), class("new", time.Second, "true")}, nil, nil, ptr.To("new")},
		{"explicit empty class kept", []*networkingv1.IngressClass{class("nginx", 0, "true")}, ptr.To(""), nil, ptr.To("")},
		{"class annotation kept", []*networkingv1.IngressClass{class("nginx", 0, "true")}, nil, map[string]string{classAnnotation: "traefik"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ingress := &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "ns", Annotations: tc.annotations}, Spec: networkingv1.IngressSpec{IngressClassName: tc.className}}
			if err := newTestPlugin(t, tc.classes...).Admit(context.Background(), attributes(ingress), nil); err != nil {
				t.Fatal(err)
			}
			if got := ingress.Spec.IngressClassName; !ptr.Equal(got, tc.want) {
				t.Errorf("ingressClassName = %v, want %v", ptr.Deref(got, "<nil>"), ptr.Deref(tc.want, "<nil>"))
			}
		})
	}
}

func TestAdmitOtherObject(t *testing.T) {
	err := newTestPlugin(t).Admit(context.Background(), attributes(&corev1.Pod{}), nil)
	if want := "Internal error occurred: Expected Ingress resource, got: networking.k8s.io/v1, Kind=Ingress"; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
}
