package listbudget

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	apirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/storage"
	flowcontrolrequest "k8s.io/apiserver/pkg/util/flowcontrol/request"
)

func newTracker() flowcontrolrequest.StorageObjectCountTracker {
	tracker := flowcontrolrequest.NewStorageObjectCountTracker()
	tracker.Set("pods", storage.Stats{ObjectCount: 2000, EstimatedAverageObjectSizeBytes: 1000})
	tracker.Set("configmaps", storage.Stats{ObjectCount: 10})
	return tracker
}

func TestWeight(t *testing.T) {
	budget := New(64<<20, newTracker().Get)
	tests := []struct {
		name  string
		info  apirequest.RequestInfo
		query string
		want  int64
	}{
		{name: "a whole collection", info: apirequest.RequestInfo{Resource: "pods"}, want: 2000 * 1000},
		{name: "a page", info: apirequest.RequestInfo{Resource: "pods"}, query: "limit=500", want: 500 * 1000},
		{name: "a limit above the count", info: apirequest.RequestInfo{Resource: "pods"}, query: "limit=5000", want: 2000 * 1000},
		{name: "one object by field selector", info: apirequest.RequestInfo{Resource: "pods", Name: "web"}, want: 1000},
		{name: "objects not yet measured", info: apirequest.RequestInfo{Resource: "configmaps"}, want: 10 * unmeasuredObjectBytes},
		{name: "a resource not counted here", info: apirequest.RequestInfo{APIGroup: "widgets.example.com", Resource: "widgets"}, want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			query, _ := http.NewRequest(http.MethodGet, "/?"+tt.query, nil)
			if got := budget.weight(&tt.info, query.URL.Query()); got != tt.want {
				t.Errorf("weight = %d, want %d", got, tt.want)
			}
		})
	}
	if got := New(1<<20, newTracker().Get).weight(&apirequest.RequestInfo{Resource: "pods"}, nil); got != 1<<20 {
		t.Errorf("weight of a list larger than the budget = %d, want the whole budget", got)
	}
}

// listRequest is a LIST of pods as the request-info filter leaves it.
func listRequest(ctx context.Context) *http.Request {
	r := httptest.NewRequestWithContext(ctx, http.MethodGet, "/api/v1/pods", nil)
	return r.WithContext(apirequest.WithRequestInfo(r.Context(), &apirequest.RequestInfo{IsResourceRequest: true, Verb: "list", Resource: "pods"}))
}

func TestListsWaitForTheBudget(t *testing.T) {
	// Room for one list of 2,000 pods and a half.
	budget := New(3_000_000, newTracker().Get)
	release := make(chan struct{})
	started := make(chan struct{}, 3)
	handler := budget.WithBudget(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started <- struct{}{}
		<-release
	}))
	done := make(chan struct{}, 2)
	for range 2 {
		go func() {
			handler.ServeHTTP(httptest.NewRecorder(), listRequest(context.Background()))
			done <- struct{}{}
		}()
	}
	<-started
	select {
	case <-started:
		t.Fatal("a second list ran while the first held most of the budget")
	case <-time.After(200 * time.Millisecond):
	}

	// A request that is not a LIST does not wait.
	get := httptest.NewRequest(http.MethodGet, "/api/v1/namespaces/default/pods/web", nil)
	get = get.WithContext(apirequest.WithRequestInfo(get.Context(), &apirequest.RequestInfo{IsResourceRequest: true, Verb: "get", Resource: "pods", Name: "web"}))
	go handler.ServeHTTP(httptest.NewRecorder(), get)
	<-started

	// A waiting list whose client leaves is dropped without running.
	ctx, cancel := context.WithCancel(context.Background())
	abandoned := make(chan struct{})
	go func() {
		handler.ServeHTTP(httptest.NewRecorder(), listRequest(ctx))
		close(abandoned)
	}()
	time.Sleep(50 * time.Millisecond)
	cancel()
	<-abandoned

	close(release)
	<-started
	<-done
	<-done
	select {
	case <-started:
		t.Fatal("the abandoned list ran")
	default:
	}
}
