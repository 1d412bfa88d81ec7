// Panel calibration (issue 3): being written.
