package autoprovision

import (
	"context"
	"slices"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/kapi-dev/kapi/pkg/admission/internal/namespaces"
)

func TestAdmit(t *testing.T) {
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p"}}
	podGVR := corev1.SchemeGroupVersion.WithResource("pods")
	podGVK := corev1.SchemeGroupVersion.WithKind("Pod")
	for _, tc := range []struct {
		name      string
		namespace string
		dryRun    bool
		want      []string
	}{
		{name: "missing namespace created", namespace: "new", want: []string{"existing", "new"}},
		{name: "existing namespace kept", namespace: "existing", want: []string{"existing"}},
		{name: "dry run creates nothing", namespace: "new", dryRun: true, want: []string{"existing"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			client := fake.NewClientset(&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "existing"}})
			factory := informers.NewSharedInformerFactory(client, 0)
			p := &plugin{Plugin: namespaces.New(admission.Create)}
			p.SetExternalKubeClientSet(client)
			p.SetExternalKubeInformerFactory(factory)
			factory.Start(ctx.Done())
			factory.WaitForCacheSync(ctx.Done())

			a := admission.NewAttributesRecord(runtime.Object(pod), nil, podGVK, tc.namespace, "p", podGVR, "", admission.Create, nil, tc.dryRun, &user.DefaultInfo{})
			if err := p.Admit(ctx, a, nil); err != nil {
				t.Fatal(err)
			}
			list, err := client.CoreV1().Namespaces().List(ctx, metav1.ListOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, ns := range list.Items {
				got = append(got, ns.Name)
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("namespaces = %v, want %v", got, tc.want)
			}
		})
	}
}
