package eventratelimit

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/authentication/user"
	testingclock "k8s.io/utils/clock/testing"

	configv1alpha1 "github.com/kapi-dev/kapi/pkg/apis/eventratelimit/v1alpha1"
)

func TestReadConfig(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		wantErr    string
	}{
		{name: "valid", file: "apiVersion: eventratelimit.admission.k8s.io/v1alpha1\nkind: Configuration\nlimits:\n- type: Namespace\n  qps: 5\n  burst: 10\n  cacheSize: 100\n"},
		{name: "no limits", file: "apiVersion: eventratelimit.admission.k8s.io/v1alpha1\nkind: Configuration\n", wantErr: "limits: Invalid value: null: must not be empty"},
		{name: "bad limit", file: `{"apiVersion":"eventratelimit.admission.k8s.io/v1alpha1","kind":"Configuration","limits":[{"type":"Pod","qps":0,"burst":1,"cacheSize":-1}]}`,
			wantErr: `[limits[0].type: Unsupported value: "Pod": supported values: "Namespace", "Server", "SourceAndObject", "User", limits[0].qps: Invalid value: 0: must be positive, limits[0].cacheSize: Invalid value: -1: must not be negative]`},
		{name: "wrong group", file: "apiVersion: v1\nkind: Configuration\n", wantErr: "no kind"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readConfig(strings.NewReader(tc.file))
			if tc.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("error = %v, want %s", err, tc.wantErr)
			}
		})
	}
	if _, err := readConfig(nil); err == nil {
		t.Error("no configuration was accepted")
	}
}

func eventRequest(namespace, userName, component string, dryRun bool) admission.Attributes {
	event := &corev1.Event{
		ObjectMeta:     metav1.ObjectMeta{Name: "e", Namespace: namespace},
		Source:         corev1.EventSource{Component: component},
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", Namespace: namespace, Name: "p"},
	}
	return admission.NewAttributesRecord(event, nil, corev1.SchemeGroupVersion.WithKind("Event"), namespace, "e",
		corev1.SchemeGroupVersion.WithResource("events"), "", admission.Create, nil, dryRun, &user.DefaultInfo{Name: userName})
}

func TestValidate(t *testing.T) {
	type req struct {
		namespace, user, component string
		dryRun                     bool
		// wait advances the clock first.
		wait    time.Duration
		wantErr string
	}
	a := req{namespace: "a", user: "alice", component: "kubelet"}
	b := req{namespace: "b", user: "bob", component: "scheduler"}
	for _, tc := range []struct {
		name     string
		limits   []configv1alpha1.Limit
		requests []req
	}{
		{name: "server", limits: []configv1alpha1.Limit{{Type: configv1alpha1.ServerLimitType, QPS: 1, Burst: 2}},
			requests: []req{a, b, {namespace: "c", wantErr: "limit reached on type Server for key "}, {namespace: "c", wait: time.Second}}},
		{name: "namespace", limits: []configv1alpha1.Limit{{Type: configv1alpha1.NamespaceLimitType, QPS: 1, Burst: 1}},
			requests: []req{a, b, {namespace: "a", wantErr: "limit reached on type Namespace for key a"}}},
		{name: "user", limits: []configv1alpha1.Limit{{Type: configv1alpha1.UserLimitType, QPS: 1, Burst: 1}},
			requests: []req{a, b, {namespace: "c", user: "alice", wantErr: "limit reached on type User for key alice"}}},
		{name: "source and object", limits: []configv1alpha1.Limit{{Type: configv1alpha1.SourceAndObjectLimitType, QPS: 1, Burst: 1}},
			requests: []req{a, {namespace: "a", user: "other", component: "kubelet", wantErr: "limit reached on type SourceAndObject for key kubeletPodap"}, b}},
		{name: "dry run is free", limits: []configv1alpha1.Limit{{Type: configv1alpha1.ServerLimitType, QPS: 1, Burst: 1}},
			requests: []req{{namespace: "a", dryRun: true}, a, {namespace: "a", dryRun: true}}},
		{name: "least recently used bucket forgotten", limits: []configv1alpha1.Limit{{Type: configv1alpha1.NamespaceLimitType, QPS: 1, Burst: 1, CacheSize: 1}},
			requests: []req{a, b, a}},
		{name: "every limit charged", limits: []configv1alpha1.Limit{{Type: configv1alpha1.NamespaceLimitType, QPS: 1, Burst: 1}, {Type: configv1alpha1.UserLimitType, QPS: 1, Burst: 2}},
			requests: []req{a, {namespace: "a", user: "alice", wantErr: "limit reached on type Namespace for key a"}, {namespace: "b", user: "alice", wantErr: "limit reached on type User for key alice"}}},
		{name: "every empty bucket named", limits: []configv1alpha1.Limit{{Type: configv1alpha1.NamespaceLimitType, QPS: 1, Burst: 1}, {Type: configv1alpha1.UserLimitType, QPS: 1, Burst: 1}},
			requests: []req{a, {namespace: "a", user: "alice", wantErr: "[limit reached on type Namespace for key a, limit reached on type User for key alice]"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := testingclock.NewFakeClock(time.Now())
			p := newPlugin(&configv1alpha1.Configuration{Limits: tc.limits}, clock)
			for i, r := range tc.requests {
				clock.Step(r.wait)
				err := p.Validate(context.Background(), eventRequest(r.namespace, r.user, r.component, r.dryRun), nil)
				if r.wantErr == "" {
					if err != nil {
						t.Fatalf("request %d: %v", i, err)
					}
					continue
				}
				status, ok := err.(apierrors.APIStatus)
				if !ok || status.Status().Code != http.StatusTooManyRequests || status.Status().Message != "Too many requests: "+r.wantErr {
					t.Fatalf("request %d: error = %v, want 429 %s", i, err, r.wantErr)
				}
			}
		})
	}
}

func TestValidateIgnoresOtherKinds(t *testing.T) {
	p := newPlugin(&configv1alpha1.Configuration{Limits: []configv1alpha1.Limit{{Type: configv1alpha1.ServerLimitType, QPS: 1, Burst: 1}}}, testingclock.NewFakeClock(time.Now()))
	pods := schema.GroupVersionResource{Version: "v1", Resource: "pods"}
	for range 3 {
		attrs := admission.NewAttributesRecord(&corev1.Pod{}, nil, corev1.SchemeGroupVersion.WithKind("Pod"), "a", "p", pods, "", admission.Create, nil, false, nil)
		if err := p.Validate(context.Background(), attrs, nil); err != nil {
			t.Fatal(err)
		}
	}
}
