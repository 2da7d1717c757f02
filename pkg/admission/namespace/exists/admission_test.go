package exists

import (
	"context"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/kapi-dev/kapi/pkg/admission/internal/admissiontest"
	"github.com/kapi-dev/kapi/pkg/admission/internal/namespaces"
)

func TestValidate(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	client := fake.NewClientset(&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "existing"}})
	factory := informers.NewSharedInformerFactory(client, 0)
	p := &plugin{Plugin: namespaces.New(admission.Create, admission.Update, admission.Delete)}
	p.SetExternalKubeClientSet(client)
	p.SetExternalKubeInformerFactory(factory)
	factory.Start(ctx.Done())
	factory.WaitForCacheSync(ctx.Done())

	for _, tc := range []struct {
		name string
		req  admissiontest.Request
		want string
	}{
		{"existing namespace", admissiontest.Request{Namespace: "existing", Name: "p", Object: &corev1.Pod{}}, ""},
		{"missing namespace", admissiontest.Request{Namespace: "missing", Name: "p", Object: &corev1.Pod{}}, `namespaces "missing" not found`},
		{"delete in missing namespace", admissiontest.Request{Namespace: "missing", Name: "p", Operation: admission.Delete}, `namespaces "missing" not found`},
		{"namespace itself", admissiontest.Request{Namespace: "missing", Name: "missing", Resource: corev1.SchemeGroupVersion.WithResource("namespaces"), Kind: "Namespace", Object: &corev1.Namespace{}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := p.Validate(ctx, tc.req.Attributes(), nil)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Errorf("error = %q, want %q", got, tc.want)
			}
		})
	}
}
