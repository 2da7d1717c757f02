package basestrategy

import (
	"context"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apiserver/pkg/storage"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	_ "github.com/kapi-dev/kapi/pkg/apis/core/install"
)

func TestBase(t *testing.T) {
	ctx := context.Background()
	if !Namespaced.NamespaceScoped() || ClusterScoped.NamespaceScoped() {
		t.Errorf("Namespaced.NamespaceScoped() = %v, ClusterScoped.NamespaceScoped() = %v; want true, false", Namespaced.NamespaceScoped(), ClusterScoped.NamespaceScoped())
	}
	if Namespaced.AllowCreateOnUpdate(ctx) || !Namespaced.AllowUnconditionalUpdate(ctx) {
		t.Error("want no create on update and unconditional updates allowed")
	}
	if w := Namespaced.WarningsOnCreate(ctx, &corev1.Pod{}); w != nil {
		t.Errorf("WarningsOnCreate = %v, want none", w)
	}
	if got := Namespaced.GenerateName("web-"); len(got) != len("web-")+5 {
		t.Errorf("GenerateName(web-) = %q, want web- and five random characters", got)
	}
	if kinds, _, err := Namespaced.ObjectKinds(&corev1.Pod{}); err != nil || kinds[0].Kind != "Pod" {
		t.Errorf("ObjectKinds(pod) = %v, %v; want Pod from the project's scheme", kinds, err)
	}
}

type mainStrategy struct {
	Base
	KeepsStatus
}

type statusStrategy struct {
	mainStrategy
	KeepsSpec
}

func TestResetFields(t *testing.T) {
	status := fieldpath.NewSet(fieldpath.MakePathOrDie("status"))
	spec := fieldpath.NewSet(fieldpath.MakePathOrDie("spec"))
	if got := (mainStrategy{}).GetResetFields()["v1"]; !got.Equals(status) {
		t.Errorf("main strategy resets %v, want status", got)
	}
	if got := (statusStrategy{}).GetResetFields()["v1"]; !got.Equals(spec) {
		t.Errorf("status strategy resets %v, want spec", got)
	}
}

func TestAttrs(t *testing.T) {
	attrs := Attrs("a secret", func(s *corev1.Secret) fields.Set { return fields.Set{"type": string(s.Type)} })
	secret := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "web"}}, Type: corev1.SecretTypeTLS}
	l, f, err := attrs(secret)
	if err != nil || l["app"] != "web" || f["type"] != string(corev1.SecretTypeTLS) {
		t.Errorf("attrs = %v, %v, %v; want app=web and type=kubernetes.io/tls", l, f, err)
	}
	if _, _, err := attrs(&corev1.Pod{}); err == nil || err.Error() != "not a secret: *v1.Pod" {
		t.Errorf("attrs(pod) error = %v, want not a secret: *v1.Pod", err)
	}
	pred := storage.SelectionPredicate{Label: labels.Everything(), Field: fields.OneTermEqualSelector("type", "Opaque"), GetAttrs: attrs}
	match, err := pred.Matches(secret)
	if err != nil || match {
		t.Errorf("Matches(type=Opaque) = %v, %v; want false", match, err)
	}
}
