package priority

import (
	"context"
	"testing"

	corev1 "k8s.io/api/core/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/utils/ptr"

	"github.com/kapi-dev/kapi/pkg/admission/internal/admissiontest"
)

func newTestPlugin(t *testing.T, classes ...*schedulingv1.PriorityClass) *plugin {
	t.Helper()
	factory := informers.NewSharedInformerFactory(fake.NewClientset(), 0)
	p := &plugin{Handler: admission.NewHandler(admission.Create, admission.Update, admission.Delete)}
	p.SetExternalKubeInformerFactory(factory)
	for _, c := range classes {
		if err := factory.Scheduling().V1().PriorityClasses().Informer().GetStore().Add(c); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

func class(name string, value int32, globalDefault bool, policy *corev1.PreemptionPolicy) *schedulingv1.PriorityClass {
	return &schedulingv1.PriorityClass{ObjectMeta: metav1.ObjectMeta{Name: name}, Value: value, GlobalDefault: globalDefault, PreemptionPolicy: policy}
}

func TestAdmitPod(t *testing.T) {
	never := ptr.To(corev1.PreemptNever)
	lower := ptr.To(corev1.PreemptLowerPriority)
	for _, tc := range []struct {
		name       string
		classes    []*schedulingv1.PriorityClass
		pod        corev1.PodSpec
		wantErr    string
		wantClass  string
		wantValue  int32
		wantPolicy *corev1.PreemptionPolicy
	}{
		{name: "no classes", wantValue: 0, wantPolicy: lower},
		{name: "global default", classes: []*schedulingv1.PriorityClass{class("low", 10, true, nil), class("high", 100, false, nil)}, wantClass: "low", wantValue: 10},
		{name: "lowest of two defaults", classes: []*schedulingv1.PriorityClass{class("b", 20, true, nil), class("a", 5, true, nil)}, wantClass: "a", wantValue: 5},
		{name: "named class", classes: []*schedulingv1.PriorityClass{class("high", 100, false, never)}, pod: corev1.PodSpec{PriorityClassName: "high"}, wantClass: "high", wantValue: 100, wantPolicy: never},
		{name: "unknown class", pod: corev1.PodSpec{PriorityClassName: "nope"}, wantErr: `pods "p" is forbidden: no PriorityClass with name nope was found`},
		{
			name:    "conflicting priority",
			classes: []*schedulingv1.PriorityClass{class("high", 100, false, nil)},
			pod:     corev1.PodSpec{PriorityClassName: "high", Priority: ptr.To[int32](7)},
			wantErr: `pods "p" is forbidden: the integer value of priority (7) must not be provided in pod spec; priority admission controller computed 100 from the given PriorityClass name`,
		},
		{
			name:    "conflicting preemption policy",
			classes: []*schedulingv1.PriorityClass{class("high", 100, false, never)},
			pod:     corev1.PodSpec{PriorityClassName: "high", PreemptionPolicy: lower},
			wantErr: `pods "p" is forbidden: the string value of PreemptionPolicy (PreemptLowerPriority) must not be provided in pod spec; priority admission controller computed Never from the given PriorityClass name`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns"}, Spec: tc.pod}
			err := newTestPlugin(t, tc.classes...).Admit(context.Background(), admissiontest.CreatePod(pod), nil)
			if tc.wantErr != "" {
				if err == nil || err.Error() != tc.wantErr {
					t.Fatalf("err = %v\nwant %s", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if pod.Spec.PriorityClassName != tc.wantClass || pod.Spec.Priority == nil || *pod.Spec.Priority != tc.wantValue {
				t.Errorf("class, priority = %q, %v; want %q, %d", pod.Spec.PriorityClassName, pod.Spec.Priority, tc.wantClass, tc.wantValue)
			}
			if !ptr.Equal(pod.Spec.PreemptionPolicy, tc.wantPolicy) {
				t.Errorf("preemptionPolicy = %v, want %v", ptr.Deref(pod.Spec.PreemptionPolicy, ""), ptr.Deref(tc.wantPolicy, ""))
			}
		})
	}
}

func TestAdmitUpdateKeepsPriority(t *testing.T) {
	old := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns"}, Spec: corev1.PodSpec{Priority: ptr.To[int32](100), PreemptionPolicy: ptr.To(corev1.PreemptNever)}}
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns"}}
	a := admissiontest.Request{Object: pod, Old: old, Namespace: "ns", Name: "p", Operation: admission.Update}.Attributes()
	if err := newTestPlugin(t).Admit(context.Background(), a, nil); err != nil {
		t.Fatal(err)
	}
	if ptr.Deref(pod.Spec.Priority, 0) != 100 || ptr.Deref(pod.Spec.PreemptionPolicy, "") != corev1.PreemptNever {
		t.Errorf("priority, preemptionPolicy = %v, %v; want the stored 100, Never", pod.Spec.Priority, pod.Spec.PreemptionPolicy)
	}
}

func TestValidateOneGlobalDefault(t *testing.T) {
	resource := schedulingv1.SchemeGroupVersion.WithResource("priorityclasses")
	p := newTestPlugin(t, class("first", 10, true, nil), class("other", 20, false, nil))
	for _, tc := range []struct {
		name    string
		op      admission.Operation
		class   *schedulingv1.PriorityClass
		wantErr string
	}{
		{"second default", admission.Create, class("second", 30, true, nil), `priorityclasses.scheduling.k8s.io "second" is forbidden: PriorityClass first is already marked as default. Only one default can exist`},
		{"other made default", admission.Update, class("other", 20, true, nil), `priorityclasses.scheduling.k8s.io "other" is forbidden: PriorityClass first is already marked as default. Only one default can exist`},
		{"the default updated", admission.Update, class("first", 11, true, nil), ""},
		{"not default", admission.Create, class("plain", 1, false, nil), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var old *schedulingv1.PriorityClass
			if tc.op == admission.Update {
				old = class(tc.class.Name, tc.class.Value, false, nil)
			}
			a := admissiontest.Request{Object: tc.class, Resource: resource, Kind: "PriorityClass", Name: tc.class.Name, Operation: tc.op}
			if old != nil {
				a.Old = old
			}
			err := p.Validate(context.Background(), a.Attributes(), nil)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tc.wantErr {
				t.Errorf("err = %q\nwant %q", got, tc.wantErr)
			}
		})
	}
}

func TestAdmitIgnoresDeletes(t *testing.T) {
	a := admissiontest.Request{Namespace: "ns", Name: "p", Operation: admission.Delete}.Attributes()
	if err := newTestPlugin(t).Admit(context.Background(), a, nil); err != nil {
		t.Errorf("delete: %v", err)
	}
}
