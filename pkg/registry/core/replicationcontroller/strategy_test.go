package replicationcontroller

import (
	"context"
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/validation/field"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/apiserver/pkg/storage"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"
)

func validRC() *corev1.ReplicationController {
	return &corev1.ReplicationController{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "default", ResourceVersion: "5", Generation: 3},
		Spec: corev1.ReplicationControllerSpec{
			Replicas: ptr.To[int32](2),
			Selector: map[string]string{"app": "web"},
			Template: &corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "web"}},
				Spec: corev1.PodSpec{
					RestartPolicy: corev1.RestartPolicyAlways,
					DNSPolicy:     corev1.DNSClusterFirst,
					Containers: []corev1.Container{{
						Name: "web", Image: "nginx", ImagePullPolicy: corev1.PullIfNotPresent,
						TerminationMessagePolicy: corev1.TerminationMessageReadFile,
					}},
				},
			},
		},
		Status: corev1.ReplicationControllerStatus{Replicas: 2, ObservedGeneration: 3},
	}
}

func TestPrepareForCreate(t *testing.T) {
	rc := validRC()
	rc.Generation = 7
	Strategy.PrepareForCreate(context.Background(), rc)
	if rc.Generation != 1 {
		t.Errorf("generation = %d, want 1", rc.Generation)
	}
	if !reflect.DeepEqual(rc.Status, corev1.ReplicationControllerStatus{}) {
		t.Errorf("status = %+v, want empty", rc.Status)
	}
}

func TestPrepareForUpdate(t *testing.T) {
	tests := []struct {
		name           string
		mutate         func(*corev1.ReplicationController)
		wantGeneration int64
	}{
		{"no change keeps the generation", func(*corev1.ReplicationController) {}, 3},
		{"label change keeps the generation", func(rc *corev1.ReplicationController) { rc.Labels = map[string]string{"a": "b"} }, 3},
		{"status change keeps the generation", func(rc *corev1.ReplicationController) { rc.Status.Replicas = 9 }, 3},
		{"replicas change bumps the generation", func(rc *corev1.ReplicationController) { rc.Spec.Replicas = ptr.To[int32](5) }, 4},
		{"template change bumps the generation", func(rc *corev1.ReplicationController) { rc.Spec.Template.Spec.Containers[0].Image = "nginx:2" }, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := validRC()
			rc := validRC()
			tt.mutate(rc)
			Strategy.PrepareForUpdate(context.Background(), rc, old)
			if rc.Generation != tt.wantGeneration {
				t.Errorf("generation = %d, want %d", rc.Generation, tt.wantGeneration)
			}
			if !reflect.DeepEqual(rc.Status, old.Status) {
				t.Errorf("status = %+v, want the stored %+v", rc.Status, old.Status)
			}
		})
	}
}

func TestStatusPrepareForUpdateKeepsSpec(t *testing.T) {
	old := validRC()
	rc := validRC()
	rc.Spec.Replicas = ptr.To[int32](10)
	rc.Status.Replicas = 4
	StatusStrategy.PrepareForUpdate(context.Background(), rc, old)
	if !reflect.DeepEqual(rc.Spec, old.Spec) {
		t.Errorf("spec = %+v, want the stored %+v", rc.Spec, old.Spec)
	}
	if rc.Status.Replicas != 4 {
		t.Errorf("status.replicas = %d, want the written 4", rc.Status.Replicas)
	}
	if rc.Generation != 3 {
		t.Errorf("generation = %d, want 3: status writes never bump it", rc.Generation)
	}
}

func TestValidateUpdateNonConvertibleFields(t *testing.T) {
	tests := []struct {
		name       string
		annotation string
		mutate     func(*corev1.ReplicationController)
		want       *field.Error
	}{{
		name:       "changing a pinned selector",
		annotation: "non-convertible.kubernetes.io/spec.selector",
		mutate: func(rc *corev1.ReplicationController) {
			rc.Spec.Selector = map[string]string{"app": "web", "tier": "front"}
			rc.Spec.Template.Labels = map[string]string{"app": "web", "tier": "front"}
		},
		want: field.Invalid(field.NewPath("spec", "selector"), map[string]string{"app": "web", "tier": "front"}, "cannot update non-convertible selector"),
	}, {
		name:       "an unknown pinned field",
		annotation: "non-convertible.kubernetes.io/spec.minReadySeconds",
		mutate:     func(*corev1.ReplicationController) {},
		want:       &field.Error{Type: field.ErrorTypeNotFound, Field: "spec.minReadySeconds", BadValue: "5", Detail: "unknown non-convertible field"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := validRC()
			old.Annotations = map[string]string{tt.annotation: "5"}
			rc := validRC()
			rc.Annotations = map[string]string{tt.annotation: "5"}
			tt.mutate(rc)
			errs := Strategy.ValidateUpdate(context.Background(), rc, old)
			for _, err := range errs {
				if reflect.DeepEqual(err, tt.want) {
					return
				}
			}
			t.Errorf("errors %v do not include %v", errs, tt.want)
		})
	}
}

func TestWarningsOnCreate(t *testing.T) {
	tests := []struct {
		name string
		want []string
	}{
		{"web-1", nil},
		{"web.v1", []string{"metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc := validRC()
			rc.Name = tt.name
			if got := Strategy.WarningsOnCreate(context.Background(), rc); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("WarningsOnCreate = %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestDefaultGarbageCollectionPolicy(t *testing.T) {
	tests := []struct {
		name string
		info *genericapirequest.RequestInfo
		want rest.GarbageCollectionPolicy
	}{
		{"core v1 request orphans pods", &genericapirequest.RequestInfo{APIGroup: "", APIVersion: "v1"}, rest.OrphanDependents},
		{"any other group deletes them", &genericapirequest.RequestInfo{APIGroup: "extensions", APIVersion: "v1beta1"}, rest.DeleteDependents},
		{"no request deletes them", nil, rest.DeleteDependents},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			if tt.info != nil {
				ctx = genericapirequest.WithRequestInfo(ctx, tt.info)
			}
			if got := Strategy.DefaultGarbageCollectionPolicy(ctx); got != tt.want {
				t.Errorf("policy = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestResetFields(t *testing.T) {
	tests := []struct {
		name string
		got  map[fieldpath.APIVersion]*fieldpath.Set
		want *fieldpath.Set
	}{
		{"main resource", Strategy.GetResetFields(), fieldpath.NewSet(fieldpath.MakePathOrDie("status"))},
		{"status", StatusStrategy.GetResetFields(), fieldpath.NewSet(fieldpath.MakePathOrDie("spec"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if len(tt.got) != 1 || tt.got["v1"] == nil || !tt.got["v1"].Equals(tt.want) {
				t.Errorf("reset fields = %v, want v1: %v", tt.got, tt.want)
			}
		})
	}
}

func TestStrategyFlags(t *testing.T) {
	ctx := context.Background()
	if !Strategy.NamespaceScoped() {
		t.Error("replication controllers must be namespaced")
	}
	if Strategy.AllowCreateOnUpdate(ctx) {
		t.Error("a PUT to a missing replication controller is a 404 upstream")
	}
	if !Strategy.AllowUnconditionalUpdate(ctx) {
		t.Error("updates without resourceVersion are allowed upstream")
	}
}

func TestSelectableFields(t *testing.T) {
	rc := validRC()
	want := fields.Set{"metadata.name": "web", "metadata.namespace": "default", "status.replicas": "2"}
	if got := SelectableFields(rc); !reflect.DeepEqual(got, want) {
		t.Errorf("SelectableFields = %v, want %v", got, want)
	}
	pred := storage.SelectionPredicate{Label: labels.Everything(), Field: fields.OneTermEqualSelector("status.replicas", "2"), GetAttrs: GetAttrs}
	if ok, err := pred.Matches(rc); err != nil || !ok {
		t.Errorf("status.replicas=2 did not match: %v, %v", ok, err)
	}
}
