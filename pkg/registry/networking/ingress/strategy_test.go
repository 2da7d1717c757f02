package ingress

import (
	"context"
	"testing"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"
)

func storedIngress() *networkingv1.Ingress {
	return &networkingv1.Ingress{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "default", Generation: 3, ResourceVersion: "7"},
		Spec:       networkingv1.IngressSpec{IngressClassName: ptr.To("nginx")},
		Status: networkingv1.IngressStatus{LoadBalancer: networkingv1.IngressLoadBalancerStatus{
			Ingress: []networkingv1.IngressLoadBalancerIngress{{IP: "192.0.2.1"}},
		}},
	}
}

func TestStrategyCreateDropsStatus(t *testing.T) {
	ing := storedIngress()
	Strategy.PrepareForCreate(context.Background(), ing)
	if ing.Generation != 1 || len(ing.Status.LoadBalancer.Ingress) != 0 {
		t.Errorf("created ingress generation %d, status %+v; want 1 and no status", ing.Generation, ing.Status)
	}
}

func TestStrategyUpdateKeepsStatus(t *testing.T) {
	ing := storedIngress()
	ing.Status = networkingv1.IngressStatus{}
	ing.Labels = map[string]string{"a": "b"}
	Strategy.PrepareForUpdate(context.Background(), ing, storedIngress())
	if ing.Generation != 3 || len(ing.Status.LoadBalancer.Ingress) != 1 {
		t.Errorf("metadata update: generation %d, status %+v; want 3 and the stored status", ing.Generation, ing.Status)
	}
	ing.Spec.IngressClassName = ptr.To("traefik")
	Strategy.PrepareForUpdate(context.Background(), ing, storedIngress())
	if ing.Generation != 4 {
		t.Errorf("spec update: generation %d, want 4", ing.Generation)
	}
}

func TestStatusStrategyKeepsSpec(t *testing.T) {
	ing := storedIngress()
	ing.Spec.IngressClassName = ptr.To("traefik")
	ing.Status.LoadBalancer.Ingress[0].IP = "192.0.2.2"
	StatusStrategy.PrepareForUpdate(context.Background(), ing, storedIngress())
	if *ing.Spec.IngressClassName != "nginx" || ing.Status.LoadBalancer.Ingress[0].IP != "192.0.2.2" || ing.Generation != 3 {
		t.Errorf("status update: %+v; want the stored spec, the written status, generation 3", ing)
	}
}

func TestResetFields(t *testing.T) {
	if f := Strategy.GetResetFields()["networking.k8s.io/v1"]; f == nil || !f.Has(pathOf("status")) {
		t.Errorf("Strategy reset fields = %v, want status in networking.k8s.io/v1", Strategy.GetResetFields())
	}
	if f := StatusStrategy.GetResetFields()["networking.k8s.io/v1"]; f == nil || !f.Has(pathOf("spec")) {
		t.Errorf("StatusStrategy reset fields = %v, want spec in networking.k8s.io/v1", StatusStrategy.GetResetFields())
	}
}

func pathOf(name string) fieldpath.Path { return fieldpath.MakePathOrDie(name) }

func TestWarningsOnCreate(t *testing.T) {
	ctx := context.Background()
	ing := storedIngress()
	ing.Annotations = map[string]string{"kubernetes.io/ingress.class": "nginx"}
	if w := Strategy.WarningsOnCreate(ctx, ing); w != nil {
		t.Errorf("warnings with both the annotation and the class name = %q, want none", w)
	}
	ing.Spec.IngressClassName = nil
	want := `annotation "kubernetes.io/ingress.class" is deprecated, please use 'spec.ingressClassName' instead`
	if w := Strategy.WarningsOnCreate(ctx, ing); len(w) != 1 || w[0] != want {
		t.Errorf("warnings with the annotation only = %q, want %q", w, want)
	}
}
