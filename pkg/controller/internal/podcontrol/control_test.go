package podcontrol

import (
	"context"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
	clienttesting "k8s.io/client-go/testing"
	"k8s.io/client-go/tools/record"
)

var replicaSetKind = appsv1.SchemeGroupVersion.WithKind("ReplicaSet")

func testOwner(name string) *appsv1.ReplicaSet {
	return &appsv1.ReplicaSet{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: name, UID: "owner-uid"}}
}

func testTemplate() *corev1.PodTemplateSpec {
	return &corev1.PodTemplateSpec{
		ObjectMeta: metav1.ObjectMeta{
			Labels:      map[string]string{"app": "web"},
			Annotations: map[string]string{"a": "b"},
			Finalizers:  []string{"example.com/keep"},
		},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Image: "nginx"}}},
	}
}

// event returns the one event recorder holds, or "" when it holds none.
func event(recorder *record.FakeRecorder) string {
	select {
	case e := <-recorder.Events:
		return e
	default:
		return ""
	}
}

func TestCreatePod(t *testing.T) {
	refuse := func(err error) func(*fake.Clientset) {
		return func(c *fake.Clientset) {
			c.PrependReactor("create", "pods", func(clienttesting.Action) (bool, runtime.Object, error) { return true, nil, err })
		}
	}
	tests := []struct {
		name     string
		owner    string
		template func(*corev1.PodTemplateSpec)
		mutate   []func(*corev1.Pod)
		client   func(*fake.Clientset)
		// wantName is the created pod's name, wantGenerate its generateName; wantEvent the event.
		wantName, wantGenerate, wantEvent string
		wantErr                           bool
	}{
		{name: "generated name", owner: "web", wantGenerate: "web-", wantEvent: "Normal SuccessfulCreate Created pod: "},
		{name: "explicit name", owner: "web", mutate: []func(*corev1.Pod){WithName("web-0")}, wantName: "web-0", wantEvent: "Normal SuccessfulCreate Created pod: web-0"},
		{name: "other prefix", owner: "web", mutate: []func(*corev1.Pod){WithGenerateName("job-")}, wantGenerate: "job-", wantEvent: "Normal SuccessfulCreate Created pod: "},
		// The name validation masks a trailing dash by dropping two characters, so only a prefix of
		// 255 characters is too long.
		{name: "long owner name has no dash", owner: strings.Repeat("a", 254), wantGenerate: strings.Repeat("a", 254), wantEvent: "Normal SuccessfulCreate Created pod: "},
		{name: "no labels", owner: "web", template: func(t *corev1.PodTemplateSpec) { t.Labels = nil }, wantErr: true},
		{name: "refused", owner: "web", client: refuse(apierrors.NewForbidden(corev1.Resource("pods"), "", errNo)), wantErr: true,
			wantEvent: `Warning FailedCreate Error creating: pods is forbidden: no`},
		{name: "namespace terminating is quiet", owner: "web", wantErr: true, client: refuse(&apierrors.StatusError{ErrStatus: metav1.Status{
			Reason:  metav1.StatusReasonForbidden,
			Details: &metav1.StatusDetails{Causes: []metav1.StatusCause{{Type: corev1.NamespaceTerminatingCause}}},
		}})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client := fake.NewClientset()
			if tt.client != nil {
				tt.client(client)
			}
			recorder := record.NewFakeRecorder(10)
			template := testTemplate()
			if tt.template != nil {
				tt.template(template)
			}
			owner := testOwner(tt.owner)
			pod, err := Control{Client: client, Recorder: recorder}.CreatePod(context.Background(), owner, replicaSetKind, template, tt.mutate...)
			if (err != nil) != tt.wantErr {
				t.Fatalf("CreatePod() error = %v, want error %v", err, tt.wantErr)
			}
			if got := event(recorder); !strings.HasPrefix(got, tt.wantEvent) || (tt.wantEvent == "") != (got == "") {
				t.Errorf("event %q, want %q", got, tt.wantEvent)
			}
			if err != nil {
				return
			}
			if pod.Name != tt.wantName || pod.GenerateName != tt.wantGenerate || pod.Namespace != "ns" {
				t.Errorf("pod %s/%s generateName %q, want name %q generateName %q", pod.Namespace, pod.Name, pod.GenerateName, tt.wantName, tt.wantGenerate)
			}
			if pod.Labels["app"] != "web" || pod.Annotations["a"] != "b" || len(pod.Finalizers) != 1 || pod.Spec.Containers[0].Image != "nginx" {
				t.Errorf("pod %+v does not carry the template", pod.ObjectMeta)
			}
			ref := metav1.GetControllerOf(pod)
			if ref == nil || ref.UID != owner.UID || ref.Kind != "ReplicaSet" || ref.APIVersion != "apps/v1" || ref.BlockOwnerDeletion == nil || !*ref.BlockOwnerDeletion {
				t.Errorf("controller reference %+v, want the owner blocking deletion", ref)
			}
		})
	}
}

func TestDeletePod(t *testing.T) {
	tests := []struct {
		name      string
		existing  bool
		refuse    bool
		wantEvent string
		wantErr   func(error) bool
	}{
		{name: "deleted", existing: true, wantEvent: "Normal SuccessfulDelete Deleted pod: p", wantErr: func(err error) bool { return err == nil }},
		{name: "already gone", wantErr: apierrors.IsNotFound},
		{name: "refused", existing: true, refuse: true, wantEvent: "Warning FailedDelete Error deleting: pods \"p\" is forbidden: no", wantErr: apierrors.IsForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client := fake.NewClientset()
			if tt.existing {
				client = fake.NewClientset(&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "p"}})
			}
			if tt.refuse {
				client.PrependReactor("delete", "pods", func(clienttesting.Action) (bool, runtime.Object, error) {
					return true, nil, apierrors.NewForbidden(corev1.Resource("pods"), "p", errNo)
				})
			}
			recorder := record.NewFakeRecorder(10)
			err := Control{Client: client, Recorder: recorder}.DeletePod(context.Background(), testOwner("web"), "p")
			if !tt.wantErr(err) {
				t.Errorf("DeletePod() error = %v", err)
			}
			if got := event(recorder); got != tt.wantEvent {
				t.Errorf("event %q, want %q", got, tt.wantEvent)
			}
		})
	}
}
